"""/api/...: the JSON API v1 with its OpenAPI document and docs, and the legacy XML shape."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from qualifications.api import legacy_xml, views

app_name = "api"

v1 = [
    path("qualifications/", views.QualificationList.as_view(), name="qualification-list"),
    path("qualifications/<int:zrk_id>/", views.qualification_detail, name="qualification-detail"),
    path("institutions/", views.InstitutionList.as_view(), name="institution-list"),
    path("institutions/<int:pk>/", views.InstitutionDetail.as_view(), name="institution-detail"),
    path("prk-levels/", views.PrkLevelList.as_view(), name="prk-level-list"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:openapi"), name="docs"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("xml/kwalifikacje/", legacy_xml.qualification_list, name="xml-qualification-list"),
    path("xml/kwalifikacje/<int:zrk_id>/", legacy_xml.qualification_detail, name="xml-qualification-detail"),
]
