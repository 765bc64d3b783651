"""A youth reference group member answers a round on their phone, then sees the group result."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from tests.live import flask_command

pytestmark = pytest.mark.browser

LOCALE = "fa"
IDEAS = ["Kortare köer i receptionen", "A quiet room for teenagers"]
OUTCOME = {"sv": "Vi bygger ett tyst rum.", "fa": "یک اتاق آرام برای نوجوانان می‌سازیم."}
MY_IDEA = "یک جای آرام برای تکالیف مدرسه"


def _api(base: str, token: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _answer(flow: dict, round_id: int, answers: list) -> dict:
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return {
        "id": str(uuid.uuid4()),
        "flow": flow["key"],
        "version": flow["version"],
        "audience": flow["audience"],
        "locale": "sv",
        "round": round_id,
        "started_at": now,
        "submitted_at": now,
        "answers": answers,
    }


def _others_answer(base: str, token: str, round_id: int, idea: str | None = None) -> None:
    """Another member answers the whole round by the API, voting on every idea offered."""
    status, overview = _api(base, token, "/api/v1/youth/rounds")
    assert status == 200
    flow = next(r for r in overview["rounds"] if r["id"] == round_id)["flow"]
    answers = []
    for question in flow["questions"]:
        keys = [option["key"] for option in question.get("options", [])]
        if question["type"] == "rank":
            answers.append({"question": question["key"], "value": keys})
        elif question["type"] == "points":
            answers.append({"question": question["key"], "value": {keys[0]: question["budget"]}})
        elif question["type"] == "scale":
            answers.append({"question": question["key"], "value": 2})
        elif question["type"] == "idea" and idea:
            answers.append({"question": question["key"], "value": idea})
        elif question["type"] == "vote" and keys:
            answers.append({"question": question["key"], "value": dict.fromkeys(keys, "agree")})
    status, reply = _api(base, token, "/api/v1/responses", _answer(flow, round_id, answers))
    assert status == 201, reply


@pytest.fixture
def youth_round(live_server):
    """A group of six with an open round; members 2 to 6 have answered, two of them with
    ideas that staff approved, so member 1 has ideas to vote on."""
    made = flask_command(
        live_server, "create-youth-group", f"Browser test {uuid.uuid4().hex[:8]}",
        "--members", "6", "--open-round",
    )
    tokens = [link.rsplit("/y/", 1)[1] for link in made["links"]]
    base, round_id = live_server["url"], made["round"]
    ideas = dict(zip(tokens[1:3], IDEAS, strict=True))
    for token, idea in ideas.items():
        _others_answer(base, token, round_id, idea)
    with live_server["engine"].begin() as connection:
        connection.execute(
            sa.text("UPDATE comment SET status = 'approved' WHERE group_id = :group"),
            {"group": made["group"]},
        )
    for token in tokens[1:]:  # a new answer replaces the earlier one, now with votes
        _others_answer(base, token, round_id, ideas.get(token))
    return {**made, "tokens": tokens, "link": made["links"][0]}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield context
    context.close()


def _screen(page, name: str, **attributes):
    extra = "".join(f'[data-{key}="{value}"]' for key, value in attributes.items())
    page.wait_for_selector(f'[data-screen="{name}"]{extra}')
    return page.locator(f'[data-screen="{name}"]')


def _heading_has_focus(page) -> bool:
    return page.evaluate("document.activeElement.matches('[data-screen] h1')")


def test_a_member_answers_a_round_on_their_phone_and_sees_what_the_group_said(
    phone, live_server, youth_round
):
    page = phone.new_page()
    page.goto(youth_round["link"])
    _screen(page, "home")
    page.locator(f'[data-locale="{LOCALE}"]').tap()
    page.wait_for_url(f"**?lang={LOCALE}")
    _screen(page, "home")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == LOCALE
    assert _heading_has_focus(page)
    assert page.locator('[data-screen="home"] h1').inner_text() == "نظرت را بگو"

    round_id = youth_round["round"]
    page.locator(f'[data-action="open"][data-round="{round_id}"]').tap()

    # Rank: tap in order of importance; a second tap takes one out again; move up works too.
    _screen(page, "question", type="rank")
    assert _heading_has_focus(page)
    question = page.locator('[data-screen="question"]').get_attribute("data-question")
    items = page.locator(f'[data-question="{question}"][data-value]')
    keys = [items.nth(i).get_attribute("data-value") for i in range(items.count())]
    next_button = page.locator('[data-screen="question"] [data-action="next"]')
    wanted = list(reversed(keys))
    for key in wanted:
        assert next_button.is_disabled()
        page.locator(f'[data-question="{question}"][data-value="{key}"]').tap()
    assert next_button.is_enabled()
    first = page.locator(f'[data-question="{question}"][data-value="{wanted[0]}"]')
    assert first.get_attribute("aria-pressed") == "true"
    first.tap()  # out of the order: the rest move up one place
    assert next_button.is_disabled()
    first.tap()  # back in, now last
    wanted = [*wanted[1:], wanted[0]]
    page.locator(f'[data-move="up"][data-option="{wanted[-1]}"]').tap()
    wanted[-2], wanted[-1] = wanted[-1], wanted[-2]
    box = first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    next_button.tap()

    # Points: a budget spread with + and −; next only when all of it is used.
    points = _screen(page, "question", type="points")
    question = points.get_attribute("data-question")
    more = page.locator(f'[data-question="{question}"][data-value]')
    a, b = more.nth(0).get_attribute("data-value"), more.nth(1).get_attribute("data-value")
    for _ in range(7):
        page.locator(f'[data-question="{question}"][data-value="{a}"]').tap()
    page.locator(f'[data-question="{question}"][data-less="{a}"]').tap()
    assert page.locator(".points-left").get_attribute("aria-live") == "polite"
    assert next_button.is_disabled()
    for _ in range(4):
        page.locator(f'[data-question="{question}"][data-value="{b}"]').tap()
    assert next_button.is_enabled()
    next_button.tap()

    # A worded scale.
    scale = _screen(page, "question", type="scale")
    question = scale.get_attribute("data-question")
    page.locator(f'[data-question="{question}"][data-value="3"]').tap()
    next_button.tap()

    # An idea of their own, under the honest notice and beside the helplines.
    idea = _screen(page, "question", type="idea")
    question = idea.get_attribute("data-question")
    assert page.locator('[data-screen="question"] .notice').is_visible()
    assert "116 111" in page.locator(".helplines").inner_text()
    page.locator(f'textarea[data-question="{question}"]').fill(MY_IDEA)
    next_button.tap()

    # Votes on the ideas staff approved, each idea in its own language and direction.
    vote = _screen(page, "question", type="vote")
    question = vote.get_attribute("data-question")
    ideas = page.locator(f'[data-question="{question}"][data-value="agree"]')
    assert ideas.count() == 2
    assert page.locator('[data-screen="question"] .idea[dir="auto"]').count() == 2
    idea_keys = [ideas.nth(i).get_attribute("data-idea") for i in range(2)]
    page.locator(f'[data-idea="{idea_keys[0]}"][data-value="agree"]').tap()
    page.locator(f'[data-idea="{idea_keys[1]}"][data-value="disagree"]').tap()
    assert page.locator('[data-screen="question"] [data-action="skip"]').is_visible()
    next_button.tap()

    _screen(page, "thanks")
    assert _heading_has_focus(page)
    status, overview = _api(live_server["url"], youth_round["tokens"][0], "/api/v1/youth/rounds")
    mine = next(r for r in overview["rounds"] if r["id"] == round_id)["answer"]
    given = {answer["question"]: answer["value"] for answer in mine["answers"]}
    assert mine["locale"] == LOCALE
    assert given["priorities"] == wanted
    assert given["first_steps"] == {a: 6, b: 4}
    assert given["taken_seriously"] == 3
    assert given["own_idea"] == MY_IDEA
    assert given["group_ideas"] == {idea_keys[0]: "agree", idea_keys[1]: "disagree"}

    # Staff close the round (six of six answered) and say what they did.
    flask_command(live_server, "close-round", str(round_id))
    rounds = sa.table("youth_round", sa.column("id"), sa.column("outcome", sa.JSON))
    with live_server["engine"].begin() as connection:
        connection.execute(rounds.update().where(rounds.c.id == round_id).values(outcome=OUTCOME))

    page.reload()
    _screen(page, "home")
    page.locator(f'[data-action="result"][data-round="{round_id}"]').tap()
    result = _screen(page, "result", round=round_id)
    assert _heading_has_focus(page)
    assert result.locator("h1").get_attribute("lang") == LOCALE  # the title in Persian too
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert OUTCOME[LOCALE] in page.locator(".outcome").inner_text()
    ranked = page.locator('.result[data-type="rank"] li')
    assert ranked.count() == len(keys)
    votes = page.locator('.result[data-type="vote"] .idea-result')
    assert votes.count() == 2 and not votes.locator(".suppressed").count()
    # How many wrote an idea is shown whatever its size (the words go to moderation,
    # not to this page): three did, in Persian digits in Persian.
    written = page.locator('.result[data-type="idea"]').inner_text()
    assert not page.locator('.result[data-type="idea"] .suppressed').count()
    assert any(three in written for three in ("3", "\u06f3"))


@pytest.fixture
def lone_member(live_server):
    """A group of one with an open round (no ideas yet, so no vote question to show)."""
    made = flask_command(
        live_server, "create-youth-group", f"Browser test {uuid.uuid4().hex[:8]}",
        "--members", "1", "--open-round",
    )
    return {**made, "token": made["links"][0].rsplit("/y/", 1)[1], "link": made["links"][0]}


def _answer_the_scale_only(page, round_id: int, scale_value: str) -> None:
    page.locator(f'[data-action="open"][data-round="{round_id}"]').tap()
    while True:
        screen = _screen(page, "question")
        kind, question = screen.get_attribute("data-type"), screen.get_attribute("data-question")
        assert kind != "vote", "a vote with no approved ideas is left out"
        if kind == "scale":
            page.locator(f'[data-question="{question}"][data-value="{scale_value}"]').tap()
            page.locator('[data-screen="question"] [data-action="next"]').tap()
        else:
            page.locator('[data-screen="question"] [data-action="skip"]').tap()
        if kind == "idea":  # the last question shown: next or skip sends
            return
        page.wait_for_function(
            "q => document.querySelector('[data-screen]').dataset.question !== q", arg=question
        )


def test_an_answer_that_could_not_be_sent_is_kept_and_sent_later(phone, live_server, lone_member):
    page = phone.new_page()
    round_id = lone_member["round"]
    page.route(
        "**/api/v1/responses",
        lambda route: route.fulfill(status=503, json={"error": "unavailable", "message": "busy"}),
    )
    page.goto(lone_member["link"])
    _screen(page, "home")
    _answer_the_scale_only(page, round_id, "2")
    _screen(page, "offline")
    assert page.locator('[data-screen="offline"] [data-action="retry"]').is_visible()
    page.unroute("**/api/v1/responses")

    page.reload()  # even a closed tab keeps the answer on the phone
    _screen(page, "home")
    page.locator(f'[data-action="send-pending"][data-round="{round_id}"]').tap()
    _screen(page, "thanks")
    status, overview = _api(live_server["url"], lone_member["token"], "/api/v1/youth/rounds")
    mine = next(r for r in overview["rounds"] if r["id"] == round_id)["answer"]
    assert [a["value"] for a in mine["answers"] if a["question"] == "taken_seriously"] == [2]
    page.reload()
    _screen(page, "home")
    assert not page.locator('[data-action="send-pending"]').count()
    change = page.locator(f'[data-action="open"][data-round="{round_id}"]')
    assert change.inner_text() == "Change my answer"  # the browser asks for English


def test_a_round_closed_while_answering_says_so(phone, live_server, lone_member):
    page = phone.new_page()
    round_id = lone_member["round"]
    page.goto(lone_member["link"] + "?lang=en")
    _screen(page, "home")
    page.locator(f'[data-action="open"][data-round="{round_id}"]').tap()
    _screen(page, "question")
    flask_command(live_server, "close-round", str(round_id))
    for _ in range(5):
        question = _screen(page, "question").get_attribute("data-question")
        page.locator('[data-screen="question"] [data-action="skip"]').tap()
        page.wait_for_function(
            "q => document.querySelector('[data-screen]').dataset.question !== q", arg=question
        )
        if not page.locator('[data-screen="question"]').count():
            break
    problem = _screen(page, "problem")
    assert "This round has closed" in problem.inner_text()
    page.locator('[data-screen="problem"] [data-action="reload"]').tap()
    _screen(page, "home")
    assert page.locator(f'[data-action="result"][data-round="{round_id}"]').is_visible()
