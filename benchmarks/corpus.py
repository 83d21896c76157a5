"""Seeded generator of realistic help articles for benchmarks."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "invoice",
    "payment",
    "customer",
    "account",
    "workspace",
    "report",
    "export",
    "import",
    "tax",
    "currency",
    "refund",
    "reminder",
    "subscription",
    "plan",
    "card",
    "bank",
    "team",
    "role",
    "permission",
    "integration",
    "webhook",
    "token",
    "dashboard",
    "settings",
    "profile",
    "email",
    "notification",
    "schedule",
    "template",
    "receipt",
    "balance",
)
OWNERS = ("billing-team", "identity-team", "integrations-team", "support-ops", "'@maria-chen'")


def sentence(rng: random.Random, words: int = 12) -> str:
    """A plausible sentence of help-article vocabulary."""
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def article_body(rng: random.Random, title: str, sibling: str | None) -> str:
    """Headings, steps, a table, an admonition, code and a link, like a real article."""
    link = f"See also [{sibling}]({sibling}.md).\n\n" if sibling else ""
    steps = "\n".join(f"{n}. {sentence(rng, 8)}" for n in range(1, 6))
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} | {sentence(rng, 4)} |"
                     for _ in range(4))  # fmt: skip
    return (
        f"# {title}\n\n{sentence(rng, 20)} {sentence(rng)}\n\n## Before you start\n\n"
        f"- {sentence(rng, 6)}\n- {sentence(rng, 6)}\n\n## Steps\n\n{steps}\n\n"
        f'!!! tip "Good to know"\n    {sentence(rng)}\n\n## Reference\n\n'
        f"| Setting | Default | Notes |\n| --- | --- | --- |\n{rows}\n\n"
        f"```bash\ncurl -H 'Authorization: Bearer $TOKEN' https://api.example.com/v1/{rng.choice(WORDS)}s\n```\n\n"
        f"{link}## Troubleshooting\n\n{sentence(rng, 25)}\n"
    )


def generate_corpus(root: Path, count: int, categories: int = 20, seed: int = 7) -> Path:
    """Write ``count`` articles in ``categories`` folders under ``root``; return root."""
    rng = random.Random(seed)
    today = date(2026, 11, 25)
    for index in range(count):
        category = f"category-{index % categories:02d}"
        slug = f"article-{index:05d}"
        sibling = f"article-{index - categories:05d}" if index >= categories else None
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {index}"
        reviewed = today - timedelta(days=rng.randint(0, 200))
        frontmatter = (
            f"---\ntitle: {title}\nowner: {rng.choice(OWNERS)}\n"
            f"last_reviewed: {reviewed.isoformat()}\n"
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
            f"description: {sentence(rng, 10)}\n---\n\n"
        )
        path = root / category / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(frontmatter + article_body(rng, title, sibling), encoding="utf-8")
    return root
