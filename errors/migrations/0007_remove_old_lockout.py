"""The hand-written login lock-out gives way to django-axes (its own tables).

The old rows are failures of the last 15 minutes at most: nothing worth moving.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("errors", "0005_catalogue_version_import_hash")]

    operations = [migrations.DeleteModel(name="LoginFailure")]
