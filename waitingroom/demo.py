"""The demo region (DESIGN.md 1.4): realistic, and the same however often it is seeded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.flows.library import default_definitions, publish
from waitingroom.flows.models import Flow
from waitingroom.units.models import Kiosk
from waitingroom.units.services import create_unit, hash_token

# (code, name, administration, target-group tags)
DEMO_UNITS = (
    ("DEMO-ASTHMA", "Barnallergimottagningen", "Sahlgrenska Universitetssjukhuset", ("asthma",)),
    (
        "DEMO-NEO",
        "Neonatalavdelningen",
        "Sahlgrenska Universitetssjukhuset",
        ("newborn_high_risk",),
    ),
    (
        "DEMO-NPF",
        "Barnneuropsykiatriska mottagningen",
        "Sahlgrenska Universitetssjukhuset",
        ("autism_adhd_id",),
    ),
    (
        "DEMO-BUP",
        "BUP-mottagningen Centrum",
        "Sahlgrenska Universitetssjukhuset",
        ("child_psychiatry",),
    ),
    ("SAS-BARN", "Barnmottagningen Borås", "Södra Älvsborgs Sjukhus", ("asthma", "feeding")),
    ("SAS-NEO", "Neonatal Borås", "Södra Älvsborgs Sjukhus", ("newborn_high_risk",)),
    (
        "SKAS-BARN",
        "Barn- och ungdomsmottagningen Skövde",
        "Skaraborgs Sjukhus",
        ("asthma", "autism_adhd_id"),
    ),
    ("SKAS-HAB", "Barnhälsan Skövde", "Skaraborgs Sjukhus", ("feeding",)),
    ("NU-BARN", "Barnmottagningen Trollhättan", "NU-sjukvården", ("asthma",)),
    ("NU-NPF", "Neuropsykiatri för barn, Uddevalla", "NU-sjukvården", ("autism_adhd_id",)),
    ("NH-ANGERED", "Närhälsan Angered barnavårdscentral", "Närhälsan", ("primary_care", "feeding")),
    (
        "NH-BISKOPSGARDEN",
        "Närhälsan Biskopsgården vårdcentral",
        "Närhälsan",
        ("primary_care", "asthma"),
    ),
)


def seed_demo(session: Session, token_for: Callable[[str], str]) -> dict:
    """Create or refresh the demo region; each unit gets one demo tablet."""
    published = 0
    for definition in default_definitions():
        _, created = publish(session, definition)
        published += created
    kiosks = []
    for code, name, administration, tags in DEMO_UNITS:
        unit, _ = create_unit(session, code, name, administration, tags)
        token = token_for(code)
        if session.scalar(sa.select(Kiosk).where(Kiosk.token_hash == hash_token(token))) is None:
            session.add(
                Kiosk(
                    unit=unit,
                    label="Demo tablet",
                    token_hash=hash_token(token),
                    enrolled_on=date.today(),
                )
            )
        kiosks.append({"unit": code, "token": token})
    session.flush()
    return {
        "units": len(DEMO_UNITS),
        "flows": session.scalar(sa.select(sa.func.count()).select_from(Flow)),
        "flows_published": published,
        "kiosks": kiosks,
    }
