"""Pairing a tablet and serving the kiosk app page."""

from __future__ import annotations

import json
import re

import pytest

from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.kiosk.routes import DEVICE_COOKIE


def test_pairing_sets_the_device_cookie_and_opens_the_app(client, kiosk, flows):
    reply = client.get(f"/kiosk/pair/{kiosk}")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/kiosk")
    cookie = reply.headers["Set-Cookie"]
    assert f"{DEVICE_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/kiosk")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'<html lang="sv" dir="ltr"', html)
    assert 'data-action="talk"' in html


def test_an_unknown_pairing_code_pairs_nothing(client, kiosk):
    reply = client.get("/kiosk/pair/not-a-real-code")
    assert reply.status_code == 403
    assert DEVICE_COOKIE not in reply.headers.get("Set-Cookie", "")
    assert client.get("/kiosk").status_code == 401


def test_an_unpaired_browser_is_asked_to_pair(client):
    reply = client.get("/kiosk?lang=en")
    assert reply.status_code == 401
    assert "not paired" in reply.get_data(as_text=True)
    assert "inte parkopplad" in client.get("/kiosk").get_data(as_text=True)


def test_the_kiosk_page_carries_every_shipped_language(client, kiosk, flows):
    client.get(f"/kiosk/pair/{kiosk}")
    html = client.get("/kiosk").get_data(as_text=True)
    blob = re.search(
        r'<script type="application/json" id="kiosk-strings">(.*?)</script>', html, re.S
    )
    strings = json.loads(blob.group(1))
    assert set(strings) == set(SHIPPED_LOCALES)
    assert {"sv", "en", "ar", "so", "fa", "fa_AF", "ti", "fit", "rom", "yi"} <= set(strings)
    for code in SHIPPED_LOCALES:
        assert strings[code].keys() == strings["sv"].keys()
    assert strings["ar"]["start"] != strings["en"]["start"]
    assert strings["fa"]["start"] not in (strings["en"]["start"], strings["ar"]["start"])
    assert strings["sv"]["start"] != strings["en"]["start"]


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_pages_are_right_to_left_in_arabic_and_persian(client, code):
    html = client.get(f"/kiosk?lang={code}").get_data(as_text=True)
    assert f'<html lang="{code}" dir="rtl"' in html


def test_the_paired_kiosk_page_in_persian_is_right_to_left(client, kiosk, flows):
    client.get(f"/kiosk/pair/{kiosk}")
    html = client.get("/kiosk?lang=fa").get_data(as_text=True)
    assert '<html lang="fa" dir="rtl"' in html
    assert "<title>اتاق انتظار" in html


def test_the_kiosk_page_loads_nothing_from_outside(client, kiosk, flows):
    client.get(f"/kiosk/pair/{kiosk}")
    html = client.get("/kiosk").get_data(as_text=True)
    assert not re.search(r'(src|href)=["\']https?://', html)
    assert "<script>" not in html.replace('<script type="application/json"', "")


def test_the_kiosk_offers_bigger_text_and_high_contrast_with_labels(client, kiosk, flows):
    client.get(f"/kiosk/pair/{kiosk}")
    html = client.get("/kiosk").get_data(as_text=True)
    sizes = re.findall(
        r'<button type="button" class="[^"]*" data-action="text-size" data-size="(\d)"'
        r' aria-pressed="(true|false)">.*?data-string="(\w+)">([^<]+)</span></button>',
        html,
    )
    # Normal and two steps above it, normal chosen, each named in words.
    assert [(size, pressed, key) for size, pressed, key, _ in sizes] == [
        ("0", "true", "text_normal"),
        ("1", "false", "text_large"),
        ("2", "false", "text_largest"),
    ]
    assert all(label.strip() for *_, label in sizes)
    assert re.search(r'data-action="contrast" aria-pressed="false"', html)
    blob = re.search(r'id="kiosk-strings">(.*?)</script>', html, re.S)
    strings = json.loads(blob.group(1))
    for key in ("text_size", "text_normal", "text_large", "text_largest", "contrast"):
        assert all(strings[code][key] for code in strings), key
