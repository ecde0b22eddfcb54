#!/usr/bin/env python3
"""Generates the demo movies' posters as SVG files in public/posters/ (no external images).

Each poster is derived from the film's slug alone, so running this again gives the same files.
Usage: python3 scripts/gen_posters.py
"""
import hashlib
import html
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "public" / "posters"

# slug, title, tagline: kept in step with services/movie/src/demo.rs.
FILMS = [
    ("the-last-monsoon", "The Last Monsoon", "One river. One storm. One way home."),
    ("orbital-drift", "Orbital Drift", "Only one seat left on the way down."),
    ("noodle-kings", "Noodle Kings", "Two families. One kitchen. No mercy."),
    ("midnight-ledger", "Midnight Ledger", "Every number hides a name."),
    ("paper-lanterns", "Paper Lanterns", "Follow the light."),
    ("iron-harbor", "Iron Harbor", "The storm is the getaway."),
    ("the-quiet-choir", "The Quiet Choir", "Music you can feel."),
    ("ghost-of-hoi-an", "Ghost of Hoi An", "Some shops never close."),
    ("starlight-express", "Starlight Express", "Twelve strangers. One violin."),
    ("dragon-bridge", "Dragon Bridge", "The legends are back on the bridge."),
    ("the-cartographer", "The Cartographer", "Some coasts are not on any map."),
    ("neon-tide", "Neon Tide", "Who keeps the water out?"),
]

PALETTES = [
    ("#1e1b4b", "#7c3aed", "#fbbf24"),
    ("#042f2e", "#0d9488", "#fde68a"),
    ("#450a0a", "#dc2626", "#fef3c7"),
    ("#0c4a6e", "#0284c7", "#f0abfc"),
    ("#1c1917", "#d97706", "#fafaf9"),
    ("#3b0764", "#c026d3", "#a7f3d0"),
    ("#052e16", "#16a34a", "#fef9c3"),
    ("#172554", "#2563eb", "#fda4af"),
]


def wrap(title, width=12):
    lines, line = [], ""
    for word in title.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def poster(slug, title, tagline):
    digest = hashlib.sha256(slug.encode()).digest()
    dark, mid, accent = PALETTES[digest[0] % len(PALETTES)]
    cx, cy, r = 80 + digest[1] % 240, 120 + digest[2] % 200, 90 + digest[3] % 90
    shapes = []
    for i in range(6):
        x = digest[4 + i] * 400 // 255
        h = 80 + digest[10 + i] % 160
        shapes.append(
            f'<rect x="{x}" y="{600 - h}" width="{30 + digest[16 + i] % 50}" height="{h}" '
            f'fill="{dark}" opacity="0.85"/>'
        )
    lines = wrap(title.upper())
    text = "".join(
        f'<text x="200" y="{430 + i * 46}" text-anchor="middle" font-size="40" '
        f'font-weight="900" letter-spacing="2" fill="#ffffff">{html.escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 600" role="img" aria-label="{html.escape(title)} poster">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{mid}"/><stop offset="1" stop-color="{dark}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="{accent}" stop-opacity="0.95"/><stop offset="1" stop-color="{accent}" stop-opacity="0"/></radialGradient></defs>
<rect width="400" height="600" fill="url(#sky)"/>
<circle cx="{cx}" cy="{cy}" r="{r * 2}" fill="url(#glow)"/>
<circle cx="{cx}" cy="{cy}" r="{r // 2}" fill="{accent}"/>
{''.join(shapes)}
<rect y="380" width="400" height="220" fill="{dark}" opacity="0.55"/>
{text}
<text x="200" y="572" text-anchor="middle" font-size="15" font-style="italic" fill="{accent}">{html.escape(tagline)}</text>
</svg>
"""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for slug, title, tagline in FILMS:
        (OUT / f"{slug}.svg").write_text(poster(slug, title, tagline))
    print(f"wrote {len(FILMS)} posters to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
