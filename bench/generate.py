"""Synthetic plans in the real file format, deterministic from a seed.

    python bench/generate.py ACTIONS FOLDER [--seed N]

Writes FOLDER/recommendations.yaml and FOLDER/actions.yaml: one recommendation for every
five actions, realistic Dutch deadlines of every kind, owners, milestones and comments.
`taskwarrior_tasks` turns such a plan, as `vvsgplan list --format json` gives it, into
Taskwarrior's import format.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

WHEN = [
    "Zomer {y}",
    "Eind {y}",
    "Tweede helft {y}",
    "Eerste helft {y}",
    "{y} en verder",
    "{y}-{y1}",
    "September {y}",
    "Voorjaar {y}",
    "najaar {y}",
    "Q{q} {y}",
    "derde kwartaal {y}",
    "uiterlijk maart {y}",
    "tegen eind {y}",
    "vanaf zomer {y}",
    "begin {y}",
    "medio {y}",
    "15/0{q}/{y}",
    "na start nieuwe Vlaamse regering",
    "doorlopend",
    "Gedaan in april {y}",
]
STEPS = "Selectie zomer {y}; Trefdag in oktober {y1}"
OWNERS = [
    "VVSG Internationaal",
    "VVSG directie",
    "VVSG diensten",
    "Team Lokaal Mondiaal",
    "Provincie Antwerpen",
    "Stad Gent",
]
VERBS = ["Opmaken", "Verderzetten", "Evalueren", "Organiseren", "Bijwerken", "Uitwerken"]
THINGS = [
    "publicatie over SDG's in internationale partnerschappen",
    "vorming rond systeemdenken voor mondiale ambtenaren",
    "inspiratiefiches over lokale beleidsdomeinen en de SDG's",
    "regionale bijeenkomsten met de provincies",
    "stakeholdermapping volgens het quadruple helix model",
]
RESPONSES = ["agree", "agree", "partially-agree", "disagree", "noted"]


def generate(actions: int, folder: Path, seed: int = 2019) -> None:
    rnd = random.Random(seed)
    recs = max(actions // 5, 1)
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Synthetic recommendations (bench/generate.py)", ""]
    for n in range(1, recs + 1):
        lines += [
            f"- id: {n}",
            f"  title: Aanbeveling {n} over {rnd.choice(THINGS)}.",
            "  text: >-",
            "    De evaluatoren bevelen aan om de werking verder te versterken en beter te",
            "    documenteren, met aandacht voor internationale rechtvaardigheid.",
            f"  response: {rnd.choice(RESPONSES)}",
            "  response_text: De VVSG gaat akkoord met deze aanbeveling.",
            "",
        ]
    (folder / "recommendations.yaml").write_text("\n".join(lines), encoding="utf-8")
    lines = ["# Synthetic action plan (bench/generate.py)", ""]
    for n in range(actions):
        y = rnd.choice([2019, 2020, 2021])
        values = {"y": y, "y1": y + 1, "q": rnd.randint(1, 4)}
        if n % 50 == 0:
            lines.append(f"# Thema {n // 50 + 1}")
        rec = n % recs + 1
        steps = rnd.random() < 0.1
        when = (STEPS if steps else rnd.choice(WHEN)).format(**values)
        owner = rnd.sample(OWNERS, rnd.choice([1, 1, 2]))
        statuses = ["open", "open", "in-progress"]
        status = "done" if when.startswith("Gedaan") else rnd.choice(statuses)
        lines += [
            f"- id: A{n + 1}",
            f"  recommendations: [{rec}]",
            "  action: >-",
            f"    {rnd.choice(VERBS)} {rnd.choice(THINGS)},",
            "    in samenwerking met de lokale besturen",
            f"  owner: {owner[0]}" if len(owner) == 1 else f"  owner: [{', '.join(owner)}]",
            f"  when: {when}",
            f"  status: {status}",
        ]
        if status == "done":
            lines.append(f"  done_on: {y}-04")
        if steps:
            lines += [
                "  milestones:",
                "    - label: Selectie",
                f"      when: zomer {y}",
                "    - label: Trefdag",
                f"      when: oktober {y + 1}",
            ]
        lines.append("")
    (folder / "actions.yaml").write_text("\n".join(lines), encoding="utf-8")


def taskwarrior_tasks(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan's actions as Taskwarrior tasks, due when vvsgplan says they are. An
    action with dated milestones becomes a task per milestone, as `due` lists it by its
    milestones, so that both list the same rows."""
    tasks = []
    for action in actions:
        project = "rec" + "-".join(str(r) for r in action["recommendations"])
        steps = [m for m in action["milestones"] if m["due"]] or [None]
        for step in steps:
            label = f"[{step['label']}] " if step else ""
            done = (step or action)["status"] == "done" or action["status"] == "done"
            due = (step or action)["due"]
            task: dict[str, Any] = {
                "description": f"{action['id']} {label}{action['action']}",
                "status": "completed" if done else "pending",
                "entry": "20190705T000000Z",
                "project": project,
            }
            if due:
                task["due"] = due.replace("-", "") + "T000000Z"
            if done:
                task["end"] = "20190801T000000Z"
            tasks.append(task)
    return tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actions", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    generate(args.actions, args.folder, args.seed)


if __name__ == "__main__":
    main()
