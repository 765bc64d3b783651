"""flask --app waitingroom … commands (API.md). Those with --json print one JSON object."""

from __future__ import annotations

import hashlib
import hmac
import json

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from waitingroom.extensions import db


def _emit(as_json: bool, data: dict, text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else text)


def _fail(as_json: bool, message: str) -> None:
    """Stop with a clear message (and exit status 1), as JSON when asked."""
    if as_json:
        click.echo(json.dumps({"error": message}, ensure_ascii=False))
        raise SystemExit(1)
    raise click.ClickException(message)


def _pair_url(token: str) -> str:
    return f"{current_app.config['PUBLIC_URL']}/kiosk/pair/{token}"


@click.command("create-unit")
@click.argument("code")
@click.option("--name", required=True, help="The unit's name as staff know it.")
@click.option("--administration", help="The hospital administration it belongs to.")
@click.option("--tag", "tags", multiple=True, help="A target-group tag; repeat for several.")
@click.option(
    "--talk-alerts/--no-talk-alerts",
    default=None,
    help="Whether 'I want to talk to someone' on its tablets alerts staff (default: on).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def create_unit_command(code, name, administration, tags, talk_alerts, as_json):
    """Create a unit (clinic), or update the one with this CODE."""
    from waitingroom.units.services import UnitError, create_unit

    try:
        unit, created = create_unit(db.session, code, name, administration, tags)
        if talk_alerts is not None:
            unit.talk_alerts = talk_alerts
        db.session.commit()
    except UnitError as error:
        db.session.rollback()
        _fail(as_json, str(error))
        return
    data = {**unit.as_json(), "created": created}
    _emit(as_json, data, f"{'Created' if created else 'Updated'} unit {unit.code}: {unit.name}")


@click.command("enroll-kiosk")
@click.argument("unit_code")
@click.option("--label", default="", help="Where the tablet stands, e.g. 'waiting room 2'.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def enroll_kiosk_command(unit_code, label, as_json):
    """Pair a new tablet with a unit; prints its token and pairing link once."""
    from waitingroom.units.services import UnitError, enroll_kiosk

    try:
        kiosk, token = enroll_kiosk(db.session, unit_code, label)
        db.session.commit()
    except UnitError as error:
        db.session.rollback()
        _fail(as_json, str(error))
        return
    data = {"token": token, "pair_url": _pair_url(token), "unit": unit_code, "kiosk": kiosk.id}
    _emit(as_json, data, f"Open this link on the tablet: {data['pair_url']}")


def _demo_token(unit_code: str) -> str:
    """Demo kiosks get tokens derived from the secret key, so seeding again reprints them."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"demo-kiosk:{unit_code}".encode(), hashlib.sha256).digest()
    return digest.hex()[:43]


@click.command("seed-demo")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def seed_demo_command(as_json):
    """Create the demo region: administrations, units, flows and kiosks. Idempotent."""
    from waitingroom.demo import seed_demo
    from waitingroom.youth.links import link_url

    summary = seed_demo(
        db.session,
        _demo_token,
        current_app.config["SECRET_KEY"].encode(),
        current_app.config["BALLOT_KEY"].encode(),
        current_app.config["TIMEZONE"],
    )
    db.session.commit()
    for unit in summary["kiosks"]:
        unit["pair_url"] = _pair_url(unit.pop("token"))
    base = current_app.config["PUBLIC_URL"]
    youth = summary["youth"]
    youth["links"] = [link_url(base, token) for token in youth.pop("tokens")]
    lines = [
        f"Demo region: {summary['units']} units, {summary['flows']} flows "
        f"({summary['flows_published']} versions and {summary['responses_added']} demo "
        "responses added now).",
        "Kiosk links (open one in a browser to pair it as that unit's tablet):",
        *(f"  {k['unit']}: {k['pair_url']}" for k in summary["kiosks"][:4]),
        f"Youth group links ({youth['name']}, round {youth['round']} open; members 7 and 8 "
        "have not answered yet):",
        *(f"  member {n}: {link}" for n, link in enumerate(youth["links"][6:], start=7)),
        *(f"  member {n}: {link}" for n, link in enumerate(youth["links"][:2], start=1)),
        f"Staff: {base}/auth/login  (password for all: {summary['staff'][0]['password']})",
        *(f"  {s['email']} ({s['role']})" for s in summary["staff"]),
    ]
    _emit(as_json, summary, "\n".join(lines))


@click.command("import-flow")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def import_flow_command(path, as_json):
    """Publish a flow from a YAML file as its next version (unchanged files change nothing)."""
    from waitingroom.flows.definition import MAX_YAML_CHARS, DefinitionError, read_yaml
    from waitingroom.flows.library import publish
    from waitingroom.i18n import DEFAULT_LOCALE

    try:
        with open(path, "rb") as handle:
            # No more than a flow file can be: a huge file is refused, not read.
            raw = handle.read(MAX_YAML_CHARS * 4 + 1)
        definition = read_yaml(raw, (DEFAULT_LOCALE,))
        version, created = publish(db.session, definition)
        db.session.commit()
    except OSError as error:
        _fail(as_json, f"{path}: cannot be read ({error.strerror})")
        return
    except (DefinitionError, ValueError) as error:
        db.session.rollback()
        _fail(as_json, f"{path}: {error}")
        return
    data = {"flow": definition.key, "version": version.number, "created": created}
    word = "Published" if created else "Unchanged:"
    _emit(as_json, data, f"{word} {definition.key} version {version.number}")


@click.command("export-flow")
@click.argument("key")
@with_appcontext
def export_flow_command(key):
    """Print the latest published version of a flow as YAML."""
    from waitingroom.flows.definition import to_yaml
    from waitingroom.flows.library import latest_version
    from waitingroom.flows.models import Flow

    flow = db.session.scalar(sa.select(Flow).where(Flow.key == key))
    version = latest_version(db.session, flow.id) if flow else None
    if version is None:
        raise click.ClickException(f"no published flow {key!r}")
    click.echo(to_yaml(version.parsed), nl=False)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "programme", "unit"]), required=True)
@click.option("--unit", "units", multiple=True, help="A unit code; repeat for several.")
@click.option(
    "--reviewer",
    "reviewer_of",
    multiple=True,
    help="A unit whose safeguarding concerns this unit user reviews.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the password from standard input (never from the command line).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def create_user_command(email, role, units, reviewer_of, password_stdin, as_json):
    """Create a staff member, or update the one with this EMAIL."""
    from waitingroom.auth.services import AccountError, create_user
    from waitingroom.units.services import UnitError

    password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    try:
        user, created = create_user(db.session, email, role, password, units, reviewer_of)
        db.session.commit()
    except (AccountError, UnitError) as error:
        db.session.rollback()
        _fail(as_json, str(error))
        return
    data = {**user.as_json(), "created": created}
    _emit(as_json, data, f"{'Created' if created else 'Updated'} {user.email} ({user.role})")


@click.command("create-token")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def create_token_command(email, as_json):
    """Make a staff API token for EMAIL; it is shown once and stored only as a hash."""
    from waitingroom.auth.services import AccountError, create_token

    try:
        token = create_token(db.session, email)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        _fail(as_json, str(error))
        return
    _emit(as_json, {"token": token, "email": email.strip().lower()}, token)


@click.command("revoke-token")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def revoke_token_command(email, as_json):
    """Revoke every API token of a staff member (a leaked token stops working). Audited."""
    from waitingroom import audit
    from waitingroom.auth.services import find_user, revoke_tokens

    user = find_user(db.session, email)
    if user is None:
        _fail(as_json, f"no staff member {email!r}")
        return
    count = revoke_tokens(db.session, user)
    audit.record(db.session, "cli", "token.revoke", f"user:{user.email}", f"{count} revoked")
    db.session.commit()
    _emit(as_json, {"email": user.email, "revoked": count}, f"Revoked {count} tokens")


@click.command("revoke-kiosk")
@click.argument("kiosk_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def revoke_kiosk_command(kiosk_id, as_json):
    """Revoke a tablet's token: it can send nothing more until paired again. Audited."""
    from waitingroom import audit
    from waitingroom.units.models import Kiosk

    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None:
        _fail(as_json, f"no kiosk with id {kiosk_id}")
        return
    kiosk.revoked = True
    audit.record(db.session, "cli", "kiosk.revoke", f"kiosk:{kiosk.id}", kiosk.unit.code)
    db.session.commit()
    _emit(
        as_json,
        {"kiosk": kiosk.id, "unit": kiosk.unit.code, "revoked": True},
        f"Revoked kiosk {kiosk.id} of {kiosk.unit.code}",
    )


@click.command("create-youth-group")
@click.argument("name")
@click.option("--members", type=int, required=True, help="How many personal links to make.")
@click.option(
    "--open-round",
    is_flag=True,
    help="Also open a round on the shipped consultation flow, closing in 14 days.",
)
@click.option("--link-days", type=int, default=365, show_default=True, help="Links last this long.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def create_youth_group_command(name, members, open_round, link_days, as_json):
    """Create a youth reference group; prints one personal link per member, once. Audited."""
    from waitingroom import audit
    from waitingroom.responses.subscriptions import today_in
    from waitingroom.youth.links import YouthError, create_group, link_url
    from waitingroom.youth.rounds import open_default_round

    today = today_in(current_app.config["TIMEZONE"])
    try:
        group, tokens = create_group(db.session, name, members, today, link_days)
        round_ = open_default_round(db.session, group, today) if open_round else None
    except YouthError as error:
        db.session.rollback()
        _fail(as_json, str(error))
        return
    audit.record(db.session, "cli", "youth.group.create", f"group:{group.id}", f"{members} links")
    db.session.commit()
    links = [link_url(current_app.config["PUBLIC_URL"], token) for token in tokens]
    data = {
        "group": group.id,
        "name": group.name,
        "links": links,
        "expires_on": group.members[0].expires_on.isoformat(),
        "round": round_.id if round_ else None,
    }
    lines = [f"Youth group {group.id}: {group.name}. Hand each member one link (shown once):"]
    lines += [f"  member {number}: {link}" for number, link in enumerate(links, start=1)]
    if round_:
        lines.append(f"Round {round_.id} is open until {round_.closes_on.isoformat()}.")
    _emit(as_json, data, "\n".join(lines))


@click.command("close-round")
@click.argument("round_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def close_round_command(round_id, as_json):
    """Close a youth round now: answers stop changing and members see the result. Audited."""
    from waitingroom import audit
    from waitingroom.realtime import live
    from waitingroom.responses.subscriptions import today_in
    from waitingroom.youth.models import Round
    from waitingroom.youth.rounds import close_round

    round_ = db.session.get(Round, round_id)
    if round_ is None:
        _fail(as_json, f"no youth round with id {round_id}")
        return
    close_round(db.session, round_, today_in(current_app.config["TIMEZONE"]))
    audit.record(db.session, "cli", "youth.round.close", f"round:{round_.id}")
    db.session.commit()
    live.round_answered(round_.group_id)
    data = {
        "round": round_.id,
        "group": round_.group_id,
        "status": "closed",
        "closes_on": round_.closes_on.isoformat(),
    }
    _emit(as_json, data, f"Round {round_.id} is closed.")


@click.command("purge-text")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep this many days of free text (default: WAITINGROOM_TEXT_RETENTION_DAYS).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def purge_text_command(days, as_json):
    """Delete free-text comments older than the retention period; aggregates stay."""
    from waitingroom.comments.retention import purge_old_text
    from waitingroom.responses.subscriptions import today_in
    from waitingroom.youth.rounds import forget_closed_authors

    days = days or current_app.config["TEXT_RETENTION_DAYS"]
    deleted, before = purge_old_text(db.session, days)
    forget_closed_authors(db.session, today_in(current_app.config["TIMEZONE"]))
    db.session.commit()
    _emit(
        as_json,
        {"deleted": deleted, "before": before.isoformat(), "days": days},
        f"Deleted {deleted} comments from before {before.isoformat()}",
    )


def register_commands(app: Flask) -> None:
    for command in (
        revoke_token_command,
        revoke_kiosk_command,
        purge_text_command,
        create_user_command,
        create_token_command,
        create_unit_command,
        enroll_kiosk_command,
        seed_demo_command,
        create_youth_group_command,
        close_round_command,
        import_flow_command,
        export_flow_command,
    ):
        app.cli.add_command(command)
