"""The demo region (DESIGN.md 1.4): realistic, and the same however often it is seeded."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.auth.services import create_user, find_user
from waitingroom.flows.definition import FlowDefinition
from waitingroom.flows.library import default_definitions, publish
from waitingroom.flows.models import Flow
from waitingroom.responses.ingest import Policy, Source, record_response
from waitingroom.responses.schema import ResponseIn
from waitingroom.responses.subscriptions import today_in
from waitingroom.units.models import Kiosk
from waitingroom.units.services import create_unit, hash_token

# Demo sign-ins, printed by `make demo`. Never used outside the demo region.
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - the demo region only
DEMO_STAFF = (
    ("admin@demo.test", "admin", (), ()),
    ("programme@demo.test", "programme", (), ()),
    ("unit@demo.test", "unit", ("DEMO-ASTHMA", "DEMO-NEO"), ("DEMO-ASTHMA",)),
)
DEMO_COMMENTS = {
    "sv": [
        "Mer leksaker i väntrummet, tack!",
        "Vi väntade 45 minuter, det var för länge.",
        "Ring mig gärna på 070-123 45 67 om tiderna.",
    ],
    "en": ["The nurse explained everything really well.", "A quiet corner would help my son."],
    "ar": ["كان الانتظار طويلًا جدًا.", "الموظفون كانوا لطفاء معنا."],
    "fa": ["انتظار خیلی طولانی بود.", "پرستارها با ما خیلی مهربان بودند."],
}
_DEMO_IDS = uuid.UUID("6f1d1c1e-9b53-4d8e-9a55-2f4a1f0c7a10")
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


def seed_demo(
    session: Session,
    token_for: Callable[[str], str],
    digest_key: bytes,
    ballot_key: bytes,
    timezone: str = "Europe/Stockholm",
) -> dict:
    """Create or refresh the demo region; each unit gets one demo tablet. Days are the
    region's (`timezone`), as the live view counts them, even just before midnight."""
    published = 0
    for definition in default_definitions() + default_definitions("youth"):
        _, created = publish(session, definition)
        published += created
    kiosks = []
    for code, name, administration, tags in DEMO_UNITS:
        unit, _ = create_unit(session, code, name, administration, tags)
        unit.talk_alerts = True  # the demo units opt in to talk alerts
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
    for email, role, units, reviewer_of in DEMO_STAFF:
        if find_user(session, email) is None:
            create_user(session, email, role, DEMO_PASSWORD, units, reviewer_of)
    tablets = dict(_demo_kiosks(session))
    responses = _demo_responses(session, tablets, Policy(timezone, digest_key))
    youth = _demo_youth_group(session, token_for, Policy(timezone, digest_key), ballot_key)
    posts = _demo_posts(session, today_in(timezone))
    return {
        "responses_added": responses,
        "staff": [
            {"email": email, "role": role, "password": DEMO_PASSWORD}
            for email, role, _, _ in DEMO_STAFF
        ],
        "units": len(DEMO_UNITS),
        "flows": session.scalar(sa.select(sa.func.count()).select_from(Flow)),
        "flows_published": published,
        "kiosks": kiosks,
        "youth": youth,
        "posts": posts,
    }


def _demo_kiosks(session: Session):
    for kiosk in session.scalars(sa.select(Kiosk).where(Kiosk.label == "Demo tablet")):
        yield kiosk.unit.code, kiosk


def _answer(question, rng: random.Random, lean: float):
    if question.type in ("faces", "scale"):
        if rng.random() < 0.08 and "dont_know" in question.option_keys:
            return "dont_know"
        # Mostly positive, as children's ratings are, with a unit-specific lean.
        weights = [(point ** (1.5 + lean)) for point in range(1, question.points + 1)]
        return rng.choices(range(1, question.points + 1), weights)[0]
    if question.type == "multi":
        keys = [option.key for option in question.options]
        return rng.sample(keys, rng.randint(1, 2))
    if question.type == "text":
        return None
    return rng.choice([option.key for option in question.options])


def _demo_response(
    definition: FlowDefinition,
    version: int,
    day: date,
    n: int,
    unit: str,
    rng: random.Random,
    lean: float,
) -> ResponseIn:
    locale = rng.choices(["sv", "ar", "fa", "en"], [66, 17, 7, 10])[0]
    answers = []
    for question in definition.questions:
        if rng.random() < 0.06:
            continue  # skipped
        value = _answer(question, rng, lean)
        if question.type == "text":
            if rng.random() < 0.15:
                answers.append(
                    {"question": question.key, "value": rng.choice(DEMO_COMMENTS[locale])}
                )
            continue
        answers.append({"question": question.key, "value": value})
    started = datetime.combine(day, time(10, 0), UTC)
    return ResponseIn.model_validate(
        {
            "id": str(uuid.uuid5(_DEMO_IDS, f"{unit}/{day}/{n}")),
            "flow": definition.key,
            "version": version,
            "audience": definition.audience,
            "locale": locale,
            "started_at": started.isoformat(),
            "submitted_at": (started + timedelta(seconds=rng.randint(25, 160))).isoformat(),
            "answers": answers,
        }
    )


def _demo_responses(
    session: Session, kiosks: dict[str, Kiosk], policy: Policy, days: int = 14
) -> int:
    """Two weeks of plausible answers per demo unit, with ids fixed per unit and day, so
    seeding again on the same day adds nothing."""
    flows = [(d, publish(session, d)[0].number) for d in default_definitions()]
    today = today_in(policy.timezone)  # the region's day, as the live view counts it
    added = 0
    sources = {
        code: Source(unit_id=kiosk.unit_id, channel="kiosk", kiosk_id=kiosk.id)
        for code, kiosk in kiosks.items()
    }
    for index, (code, source) in enumerate(sorted(sources.items())):
        lean = (index % 4) * 0.4 - 0.4
        for offset in range(days):
            day = today - timedelta(days=offset)
            # The same answers for a day, however often it is seeded.
            rng = random.Random(f"{code}/{day}")  # noqa: S311 - demo data, not secrets
            count = rng.randint(12, 18) if offset == 0 else rng.randint(1, 5)
            for n in range(count):
                definition, version = rng.choices(flows, [40, 30, 15, 15])[0]
                payload = _demo_response(definition, version, day, n, code, rng, lean)
                received = datetime.combine(day, time(12, 0), UTC)
                outcome = record_response(session, source, payload, received, policy)
                added += outcome.status == "accepted"
            session.commit()
            session.expunge_all()  # keep the identity map small: flushes stay quick
    return added


# The demo youth reference group: an earlier round, closed with its result and
# what staff did, and an open one; ideas staff approved are up for votes.
DEMO_GROUP = "Ungdomsrådet (demo)"
DEMO_MEMBERS = 8
DEMO_IDEAS = {
    "sv": "Låt oss boka tider via en app i stället för att ringa.",
    "en": "A chat with the nurse between visits would help.",
    "ar": "نريد غرفة انتظار هادئة للمراهقين.",
}
DEMO_OUTCOME = {
    "sv": "Ni rangordnade samordning högst. Vi har börjat med en kontaktperson för varje ung "
    "patient som går till flera mottagningar.",
    "en": "You ranked coordination highest. We have started giving every young patient "
    "who sees several clinics one contact person.",
    "ar": "وضعتم التنسيق في المرتبة الأولى. بدأنا بتعيين شخص اتصال لكل مريض شاب يزور عدة عيادات.",
    "fa": "شما هماهنگی را در رتبه‌ی اول گذاشتید. ما برای هر بیمار نوجوانی که به چند درمانگاه "
    "می‌رود یک فرد رابط تعیین کرده‌ایم.",
}


def _demo_youth_group(
    session: Session, token_for: Callable[[str], str], policy: Policy, ballot_key: bytes
) -> dict:
    """The demo group with its links (derived from the secret key, so seeding again
    prints the same ones), a closed round with a result and an open round."""
    from waitingroom.comments.models import Comment
    from waitingroom.youth.links import add_members
    from waitingroom.youth.models import Round, YouthGroup
    from waitingroom.youth.rounds import close_round, open_default_round, set_outcome

    def member_token(number: int) -> str:
        return token_for(f"youth-member-{number}")

    today = today_in(policy.timezone)
    group = session.scalar(sa.select(YouthGroup).where(YouthGroup.name == DEMO_GROUP))
    if group is None:
        group = YouthGroup(name=DEMO_GROUP, created_on=today - timedelta(days=40), link_days=365)
        session.add(group)
        session.flush()
        add_members(session, group, DEMO_MEMBERS, today, member_token)
        earlier = open_default_round(session, group, today - timedelta(days=30))
        _demo_round_answers(
            session, group, earlier, today - timedelta(days=25), policy, ballot_key, True
        )
        for idea in session.scalars(sa.select(Comment).where(Comment.round_id == earlier.id)):
            idea.status = "approved"
        close_round(session, earlier, today - timedelta(days=16))
        set_outcome(earlier, DEMO_OUTCOME)
        current = open_default_round(session, group, today - timedelta(days=2))
        _demo_round_answers(session, group, current, today, policy, ballot_key, False)
        session.commit()
    current = session.scalar(
        sa.select(Round).where(Round.group_id == group.id).order_by(Round.id.desc()).limit(1)
    )
    return {
        "group": group.id,
        "name": group.name,
        "round": current.id if current else None,
        "tokens": [member_token(number) for number in range(1, DEMO_MEMBERS + 1)],
    }


def _demo_round_answers(
    session, group, round_, day, policy: Policy, ballot_key: bytes, with_ideas: bool
) -> None:
    """Six of the eight demo members answer; members 7 and 8 are left for you."""
    from waitingroom.youth.answers import record_round_answer
    from waitingroom.youth.rounds import votable_ideas

    ideas = [str(idea.id) for idea in votable_ideas(session, group.id)]
    rng = random.Random(f"youth/{round_.id}")  # noqa: S311 - demo data, not secrets
    definition = round_.flow_version.parsed
    for member in group.members[:6]:
        locale = ("sv", "sv", "en", "ar", "sv", "sv")[member.number - 1]
        answers = []
        for question in definition.questions:
            keys = [option.key for option in question.options]
            if question.type == "rank":
                order = sorted(keys, key=lambda k: rng.random() + (k == "coordination") * -0.6)
                answers.append({"question": question.key, "value": order})
            elif question.type == "points":
                split = Counter(rng.choices(keys, [5, 3, 4, 2, 2, 1], k=question.budget))
                answers.append({"question": question.key, "value": dict(split)})
            elif question.type == "scale":
                answers.append({"question": question.key, "value": rng.choice([2, 3, 3, 4])})
            elif question.type == "idea" and with_ideas and member.number in (1, 3, 4):
                answers.append({"question": question.key, "value": DEMO_IDEAS[locale]})
            elif question.type == "vote" and ideas:
                votes = {idea: rng.choice(["agree", "agree", "disagree", "pass"]) for idea in ideas}
                answers.append({"question": question.key, "value": votes})
        started = datetime.combine(day, time(18, 0), UTC)
        payload = ResponseIn.model_validate(
            {
                "id": str(uuid.uuid5(_DEMO_IDS, f"youth/{round_.id}/{member.number}")),
                "flow": definition.key,
                "version": round_.flow_version.number,
                "audience": definition.audience,
                "locale": locale,
                "round": round_.id,
                "started_at": started.isoformat(),
                "submitted_at": (started + timedelta(minutes=4)).isoformat(),
                "answers": answers,
            }
        )
        record_round_answer(session, member, payload, started, policy, ballot_key)


# "You said, we did" (unit code or None for the region, status, picture, days ago,
# also for the youth group, {locale: (title, text, reason)}).
DEMO_POSTS = (
    (
        None,
        "done",
        "pictograms/toys",
        3,
        True,
        {
            "sv": (
                "Nya leksaker och böcker",
                "Ni sa att det var tråkigt att vänta. Nu finns nya leksaker och böcker "
                "i alla väntrum.",
                "",
            ),
            "en": (
                "New toys and books",
                "You said waiting was boring. Now every waiting room has new toys and books.",
                "",
            ),
            "ar": (
                "ألعاب وكتب جديدة",
                "قلتم إن الانتظار ممل. الآن توجد ألعاب وكتب جديدة في كل غرف الانتظار.",
                "",
            ),
            "fa": (
                "اسباب‌بازی و کتاب‌های تازه",
                "گفتید که انتظار خسته‌کننده است. حالا در همهٔ اتاق‌های انتظار "
                "اسباب‌بازی و کتاب تازه هست.",
                "",
            ),
        },
    ),
    (
        "DEMO-ASTHMA",
        "in_progress",
        "pictograms/quiet-corner",
        10,
        False,
        {
            "sv": (
                "Ett lugnt hörn",
                "Många av er ville ha en lugn plats att vänta på. Vi bygger ett lugnt hörn "
                "i väntrummet. Det blir klart i vår.",
                "",
            ),
            "en": (
                "A quiet corner",
                "Many of you wanted a calm place to wait. We are building a quiet corner in "
                "the waiting room. It will be ready in the spring.",
                "",
            ),
            "ar": (
                "ركن هادئ",
                "أراد كثيرون منكم مكانًا هادئًا للانتظار. نحن نبني ركنًا هادئًا في غرفة "
                "الانتظار. سيكون جاهزًا في الربيع.",
                "",
            ),
        },
    ),
    (
        "DEMO-BUP",
        "cant_do",
        "pictograms/snack",
        20,
        True,
        {
            "sv": (
                "Ett kafé i väntrummet",
                "Ni önskade ett kafé där ni väntar.",
                "Väntrummet är för litet för ett kafé. I stället finns nu frukt och vatten "
                "i receptionen.",
            ),
            "en": (
                "A café in the waiting room",
                "You wished for a café where you wait.",
                "The waiting room is too small for a café. Instead there is now fruit and "
                "water at the reception.",
            ),
            "ar": (
                "مقهى في غرفة الانتظار",
                "تمنيتم مقهى في مكان الانتظار.",
                "غرفة الانتظار صغيرة جدًا على مقهى. بدلًا من ذلك توجد الآن فواكه وماء في الاستقبال.",
            ),
            "fa": (
                "یک کافه در اتاق انتظار",
                "آرزو داشتید جایی که منتظر می‌مانید کافه‌ای باشد.",
                "اتاق انتظار برای کافه خیلی کوچک است. به جای آن حالا در پذیرش میوه و آب هست.",
            ),
        },
    ),
)


def _demo_posts(session: Session, today: date) -> int:
    """Three published posts: done (region), in progress and can't do (with its reason).
    A post is found again by its unit and Swedish title, so seeding twice adds nothing."""
    from waitingroom.posts.models import Post
    from waitingroom.posts.services import PostText, publish, save
    from waitingroom.units.models import Unit

    added = 0
    for code, status, pictogram, days_ago, youth, texts in DEMO_POSTS:
        unit_id = (
            None if code is None else session.scalar(sa.select(Unit.id).where(Unit.code == code))
        )
        found = session.scalars(
            sa.select(Post).where(
                Post.unit_id.is_(None) if unit_id is None else Post.unit_id == unit_id
            )
        )
        if any(post.title.get("sv") == texts["sv"][0] for post in found):
            continue
        text = PostText(
            unit_id=unit_id,
            status=status,
            pictogram=pictogram,
            day=today - timedelta(days=days_ago),
            youth=youth,
            title={locale: parts[0] for locale, parts in texts.items()},
            body={locale: parts[1] for locale, parts in texts.items()},
            reason={locale: parts[2] for locale, parts in texts.items() if parts[2]},
        )
        publish(save(session, None, text, today), today)
        added += 1
    return added
