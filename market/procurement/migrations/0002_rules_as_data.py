"""The rules public purchasing is checked against, as data operators can edit: the direct-contract threshold
and the procurement regimes with their targets (../DOMAIN: Seoul's 5% for social economy firms; the national
quotas for severely disabled people's facilities 1.1%, disabled-owned firms 1%, women-owned firms 5%,
disability standard workplaces 0.8%)."""

import datetime
from decimal import Decimal

from django.db import migrations

SOCIAL_ECONOMY_KINDS = [
    "social_enterprise",
    "pre_social_regional",
    "pre_social_ministry",
    "cooperative",
    "social_cooperative",
    "village_enterprise",
    "self_sufficiency",
    "social_venture",
]
REGIMES = [
    ("social_economy", "사회적경제기업 제품", "0.0500", "designation", SOCIAL_ECONOMY_KINDS, ""),
    ("severely_disabled_products", "중증장애인생산품", "0.0110", "qualification", [], "severely_disabled_facility"),
    ("disabled_owned", "장애인기업 제품", "0.0100", "qualification", [], "disabled_owned"),
    ("women_owned", "여성기업 제품", "0.0500", "qualification", [], "women_owned"),
    ("disability_standard_workplace", "장애인표준사업장 생산품", "0.0080", "qualification", [], "disability_standard_workplace"),
]


def load(apps, schema_editor):
    ContractThreshold = apps.get_model("procurement", "ContractThreshold")
    ProcurementRegime = apps.get_model("procurement", "ProcurementRegime")
    ContractThreshold.objects.get_or_create(
        valid_from=datetime.date(2000, 1, 1),
        defaults={"amount": 50_000_000, "note": "수의계약 한도 (사회적경제기업 등, 지방계약)"},
    )
    for position, (code, name, rate, basis, kinds, qualification) in enumerate(REGIMES):
        ProcurementRegime.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "target_rate": Decimal(rate),
                "basis": basis,
                "designation_kinds": kinds,
                "qualification_kind": qualification,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
