"""A browser's side of a conversation with the app servers of tests/servers.py.

Reads a page's forms as a browser would submit them, keeps cookies, signs a
staff member in with a password the production hashers check, and posts forms
and file uploads with the Origin and Referer a browser sends.
"""

import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User

from tests.servers import PUBLIC_HOST

PASSWORD = "a long editor password"


class FormReader(HTMLParser):
    """Collect what a browser would submit from each form of a page."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        elif not self.forms:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "options": []}
        elif tag == "option" and self._select is not None:
            selected = "selected" in attrs
            self._select["options"].append((attrs.get("value", ""), selected))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in ("button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio"):
            if "checked" not in attrs:
                return
            # A checked box without a value is sent as "on".
            self.forms[-1]["fields"].append((name, attrs.get("value") or "on"))
            return
        if kind == "submit" and name != "_save":
            return
        self.forms[-1]["fields"].append((name, attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options:
                chosen = [options[0][0]]
            for value in chosen:
                self.forms[-1]["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the newline that follows <textarea>.
            self.forms[-1]["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def make_superuser(username):
    """Create a superuser whose password the production hashers can check."""
    # Tests hash with MD5 for speed; production knows only PBKDF2 and friends.
    hasher = PBKDF2PasswordHasher()
    encoded = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user = User.objects.create_superuser(username, f"{username}@example.org")
    User.objects.filter(pk=user.pk).update(password=encoded)
    return user


def form_with(page, field_name):
    reader = FormReader()
    reader.feed(page)
    for form in reader.forms:
        if any(name == field_name for name, _ in form["fields"]):
            return form["fields"]
    raise AssertionError(f"No form with {field_name} on the page:\n{page[:2000]}")


def cookies(response, jar):
    for header in response.headers.get_all("Set-Cookie") or ():
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value
    return jar


def cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def post_form(server, path, fields, jar, **options):
    """POST form fields as a browser would; `options` go to Server.request."""
    body = urlencode(fields)
    return _post(server, path, body, "application/x-www-form-urlencoded", jar, options)


def _post(server, path, body, content_type, jar, options):
    origin = f"https://{PUBLIC_HOST}"
    response = server.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": content_type,
            "Cookie": cookie_header(jar),
            "Origin": origin,
            "Referer": origin + path,
        },
        **options,
    )
    cookies(response, jar)
    return response


def sign_in(server, username):
    jar = {}
    login = "/admin/login/"
    page = server.request("GET", login)
    cookies(page, jar)
    fields = dict(form_with(page.text, "csrfmiddlewaretoken"))
    fields.update(username=username, password=PASSWORD, next="/admin/")
    response = post_form(server, login, fields, jar)
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in jar
    return jar


def post_file(server, path, fields, file_field, data, jar, **options):
    """POST a multipart form with one JSON file, as a browser's upload would."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        'filename="talks.json"\r\nContent-Type: application/json\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    content_type = f"multipart/form-data; boundary={boundary}"
    return _post(server, path, b"".join(parts), content_type, jar, options)
