"""Joins the two migrations made side by side after 0005: the history moving
to django-reversion (0006) and the lock-out moving to django-axes (0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("errors", "0006_reversion_history"),
        ("errors", "0007_remove_old_lockout"),
    ]

    operations = []
