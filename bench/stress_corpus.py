#!/usr/bin/env python3
"""A corpus that stresses what grows with history, to catch quadratic work.

    python3 bench/stress_corpus.py N OUT [OPEN]
    target/release/minutebook lock --root OUT
    target/release/minutebook build --root OUT -o /dev/shm/out --as-of 2070-01-01

Writes N weekly reviews (from 1990) of a small site whose shape differs from
examples/gen_corpus.rs where real sites can hurt: every review attaches the
same policy file (as a risk register or scope statement is attached every
time), every closed action attaches the same closure file, and one action in
three of each review stays in progress for OPEN reviews (default 50), so that
each review reports some OPEN / 3 + 2 updates. Bodies are short; the as-of
date 2070-01-01 lies after every update. The site has no errors (warnings:
the reviews are not signed off). Build time should double when N
does (BENCHMARKS.md, "Session 6").
"""
import datetime
import os
import random
import sys

INPUTS = [
    ("9.3.2.a", "previous-actions"), ("9.3.2.b", "context"),
    ("9.3.2.c", "interested-parties"), ("9.3.2.d.1", "nonconformities"),
    ("9.3.2.d.2", "monitoring"), ("9.3.2.d.3", "audit-results"),
    ("9.3.2.d.4", "objectives"), ("9.3.2.e", "feedback"),
    ("9.3.2.f", "risk"), ("9.3.2.g", "improvement"),
]

CONFIG = """title: Stress Ltd
organisation: Stress Ltd
frameworks: [iso27001-2022]
cadence_months: 1
signoff_within_days: 30
quorum: {top_management: 1, people: [ceo]}
signers: [ceo]
metrics:
  m1: {title: Metric one, unit: "%"}
"""


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    open_for = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    random.seed(1)
    os.makedirs(f"{out}/content/reviews", exist_ok=True)
    os.makedirs(f"{out}/content/evidence", exist_ok=True)
    people = [f"p{i:02d}" for i in range(30)]
    with open(f"{out}/minutebook.yaml", "w") as f:
        f.write(CONFIG)
    with open(f"{out}/content/people.yaml", "w") as f:
        f.write("ceo: {name: Chief Exec, role: CEO, top_management: true}\n")
        for p in people:
            f.write(f"{p}: {{name: Person {p}, role: Role {p}}}\n")
    for name in ("policy", "closure"):
        with open(f"{out}/content/evidence/{name}.txt", "w") as f:
            f.write(f"{name}\n")
    start = datetime.date(1990, 1, 1)
    still_open = {}  # action id -> (raised at, closed at)
    for i in range(n):
        date = start + datetime.timedelta(weeks=i)
        rid = f"MR-{i:05d}"
        raised = []
        for k in range(3):
            aid = f"A-{i:05d}-{k}"
            due = date + datetime.timedelta(days=7 * open_for + 30)
            raised.append((aid, due))
            still_open[aid] = (i, i + (open_for if k == 0 else 1))
        updates = []
        for aid, (at, closes) in list(still_open.items()):
            if at < i == closes:
                updates.append(f"  - {{action: {aid}, status: done, evidence: [evidence/closure.txt]}}")
                del still_open[aid]
            elif at < i:
                updates.append(f"  - {{action: {aid}, status: in-progress}}")
        fm = [
            "---", f"id: {rid}", f"title: Review {i}", f"date: {date}", "kind: scheduled",
            "chair: ceo", "secretary: p00",
            "attendees: [ceo, " + ", ".join(random.sample(people, 8)) + "]", "covers:",
        ]
        fm += [f"  {c}: {a}" for c, a in INPUTS]
        fm += ["decisions:", f"  - {{id: D-{i:05d}, text: Decision {i}., refs: [9.3.3]}}", "actions:"]
        fm += [
            f"  - {{id: {aid}, title: Action {aid}, owner: {random.choice(people)}, due: {due}, refs: [A.5.1]}}"
            for aid, due in raised
        ]
        if updates:
            fm += ["updates:"] + updates
        fm += [
            "metrics:", f"  m1: {random.randint(0, 100)}",
            "evidence:", "  - {path: evidence/policy.txt, title: Policy, refs: [5.2]}", "---",
        ]
        body = [
            f"## Section {c} {{#{a}}}\n\nAt review {rid} the board looked at {c} in detail "
            f"and recorded the outcome number {i * 7 + len(a)} with care for every item.\n"
            for c, a in INPUTS
        ]
        with open(f"{out}/content/reviews/{date}-{rid.lower()}.md", "w") as f:
            f.write("\n".join(fm) + "\n" + "\n".join(body))


if __name__ == "__main__":
    main()
