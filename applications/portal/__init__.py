"""The applicant portal (/wnioski/, /en/applications/): organisations prepare, file and follow their
applications on the same records and workflow engine the back-office uses."""
