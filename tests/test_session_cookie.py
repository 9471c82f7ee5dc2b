"""The session cookie's serialiser is built once per set of keys, and still
checks every cookie: a changed key or a tampered cookie is refused."""

from __future__ import annotations

from tests.factories import post_form


def _started(client, slug):  # type: ignore[no-untyped-def]
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    assert client.get(f"/c/{slug}/q/1").status_code == 200


def test_a_new_secret_key_refuses_cookies_signed_with_the_old_one(app, client, consultation):
    slug = consultation.slug
    _started(client, slug)
    app.secret_key = app.config["SECRET_KEY"] = "another-secret-key"
    # The draft's token was in the old cookie: the journey starts again.
    r = client.get(f"/c/{slug}/q/1")
    assert r.status_code == 302 and r.location.endswith("/start")


def test_the_old_key_still_reads_cookies_while_it_is_a_fallback(app, client, consultation):
    slug = consultation.slug
    _started(client, slug)
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = app.config["SECRET_KEY"] = "another-secret-key"
    assert client.get(f"/c/{slug}/q/1").status_code == 200


def test_a_tampered_cookie_is_refused(app, client, consultation):
    slug = consultation.slug
    _started(client, slug)
    cookie = client.get_cookie("session")
    value = cookie.value
    # Change the first character of the signature. (Not the last: base64's
    # last character carries padding bits, so some changes to it decode to
    # the same bytes and the cookie would still be valid.)
    head, _, signature = value.rpartition(".")
    first = "A" if signature[0] != "A" else "g"
    tampered = f"{head}.{first}{signature[1:]}"
    client.set_cookie("session", tampered, domain=cookie.domain, path=cookie.path)
    r = client.get(f"/c/{slug}/q/1")
    assert r.status_code == 302 and r.location.endswith("/start")
