from django.db import migrations

# English pages name voivodeships by their own names, capitalised (institutions/reference.py).
ENGLISH_NAMES = {
    "02": "Dolnośląskie",
    "04": "Kujawsko-Pomorskie",
    "06": "Lubelskie",
    "08": "Lubuskie",
    "10": "Łódzkie",
    "12": "Małopolskie",
    "14": "Mazowieckie",
    "16": "Opolskie",
    "18": "Podkarpackie",
    "20": "Podlaskie",
    "22": "Pomorskie",
    "24": "Śląskie",
    "26": "Świętokrzyskie",
    "28": "Warmińsko-Mazurskie",
    "30": "Wielkopolskie",
    "32": "Zachodniopomorskie",
}


def english_names(apps, schema_editor):
    Voivodeship = apps.get_model("institutions", "Voivodeship")
    for code, name_en in ENGLISH_NAMES.items():
        Voivodeship.objects.filter(code=code).update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0004_ministry_mrpit"),
    ]

    operations = [migrations.RunPython(english_names, migrations.RunPython.noop)]
