"""axe-core, vendored under static/vendor/axe-core/, run on the page a browser test is on.

No page loads axe: it is injected here. Our CSP (script-src 'self') refuses an
injected script, so a context that scans is made with `bypass_csp=True`.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (EN 301 549, which Swedish public
# services must meet, points at WCAG 2.1 AA; 2.2 adds target size).
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
BLOCKING = {"serious", "critical"}

RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
})))"""


def violations(page, tags=TAGS) -> list[dict]:
    """Every violation of the rules with these axe tags on the page as it is now:
    id, impact, help and the nodes."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, list(tags))


def blocking(found: list[dict]) -> list[dict]:
    """The violations that fail a test: impact serious or critical."""
    return [v for v in found if v["impact"] in BLOCKING]


def lesser(found: list[dict]) -> list[dict]:
    """The other violations: impact moderate or minor (or none given)."""
    return [v for v in found if v["impact"] not in BLOCKING]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']})")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)
