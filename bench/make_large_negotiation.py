"""Generate a large, valid synthetic negotiation in the interchange format.

The default is about 15 MB: 30 actors, 40 issues of all three measures, 60
proposals with 5 versions each (terms and a ~3,000-word text each), 20,000
positions, 2,000 responses, 1,000 events and 500 sources, with Arabic and Hebrew
names and version labels holding spaces, "/", "?", "#" and "%". The same seed
gives the same document.

As a script (the output defaults to standard output):

    .venv/bin/python bench/make_large_negotiation.py bench/out/large-negotiation.json
    .venv/bin/python bench/make_large_negotiation.py --seed 7 --positions 500 -o a.json

As a module, for other benchmarks:

    from bench.make_large_negotiation import make_large_negotiation
    doc = make_large_negotiation(seed=1, positions=2000)
"""

import argparse
import datetime
import json
import random
import sys

SLUG = "large-negotiation"
FIRST_DAY = datetime.date(2023, 10, 7)
DAYS = 480  # claims fall between FIRST_DAY and about 16 months later

# Names in three scripts, so that the import, the pages and the search meet them.
NAMES = [
    "Northland",
    "Southern Front",
    "دولة قطر",
    "جمهورية مصر العربية",
    "מדינת ישראל",
    "Eastern League",
    "Harbour Council",
    "الجبهة الشعبية",
    "ועדת הגבולות",
    "Western Union of Towns",
]
PEOPLE_NAMES = [
    "Amira Haddad",
    "יוסי כהן",
    "محمد العلي",
    "Dana Levi",
    "نور الهدى",
    "Avi Mizrahi",
    "سلمى يوسف",
    "Noa Peretz",
]
WORDS = [
    "ceasefire",
    "phase",
    "withdrawal",
    "corridor",
    "crossing",
    "hostages",
    "prisoners",
    "release",
    "exchange",
    "guarantee",
    "mediator",
    "humanitarian",
    "aid",
    "trucks",
    "fuel",
    "reconstruction",
    "border",
    "security",
    "monitoring",
    "committee",
    "return",
    "displaced",
    "north",
    "south",
    "days",
    "weeks",
    "stage",
    "first",
    "second",
    "third",
    "permanent",
    "calm",
    "sustainable",
    "arrangement",
    "forces",
    "presence",
    "map",
    "lines",
    "police",
    "screening",
    "inspection",
    "verification",
    "list",
    "names",
    "categories",
    "women",
    "elderly",
    "wounded",
    "soldiers",
    "civilians",
    "bodies",
    "remains",
    "sequence",
    "simultaneous",
    "parallel",
    "talks",
    "delegation",
    "proposal",
    "draft",
    "amendment",
    "clause",
    "article",
    "annex",
    "text",
    "agreed",
    "disputed",
    "reported",
    "وقف",
    "إطلاق",
    "النار",
    "الأسرى",
    "المعبر",
    "الانسحاب",
    "הפסקת",
    "אש",
    "חטופים",
    "מעבר",
    "נסיגה",
]
LABEL_MARKS = ["Draft {n} / rev?", "#{n} final", "{n}0% deal", "مسودة {n}", "טיוטה {n}"]
STATUSES = ["stated", "reported", "claimed", "disputed"]
ANSWERS = [
    "accepted",
    "accepted_with_reservations",
    "countered",
    "rejected",
    "no_response",
]
EVENT_KINDS = ["talks", "summit", "statement", "visit", "military", "other"]
ACTOR_KINDS = ["state", "armed_group", "organization", "person", "other"]


def make_large_negotiation(
    *,
    seed=1,
    actors=30,
    people=40,
    issues=40,
    sources=500,
    proposals=60,
    versions=5,
    words=3000,
    positions=20_000,
    responses=2_000,
    events=1_000,
):
    """Return a valid synthetic negotiation document (a dict) of the given size."""
    return _Generator(random.Random(seed)).document(
        actors=actors,
        people=people,
        issues=issues,
        sources=sources,
        proposals=proposals,
        versions=versions,
        words=words,
        positions=positions,
        responses=responses,
        events=events,
    )


class _Generator:
    def __init__(self, rng):
        self.rng = rng

    def day(self, offset=None):
        if offset is None:
            offset = self.rng.randrange(DAYS)
        return (FIRST_DAY + datetime.timedelta(days=offset)).isoformat()

    def sentence(self, count):
        return " ".join(self.rng.choices(WORDS, k=count)).capitalize() + "."

    def text(self, count):
        """Return about `count` words in paragraphs of sentences."""
        sentences = []
        written = 0
        while written < count:
            length = self.rng.randint(8, 24)
            sentences.append(self.sentence(length))
            written += length
            if self.rng.random() < 0.15:
                sentences.append("\n\n")
        return " ".join(sentences).replace(" \n\n ", "\n\n").strip()

    def document(self, **size):
        rng = self.rng
        actor_list = self.actors(size["actors"])
        actor_slugs = [actor["slug"] for actor in actor_list]
        person_list = self.people(size["people"], actor_slugs)
        person_slugs = [person["slug"] for person in person_list]
        issue_list = self.issues(size["issues"])
        source_ids = [f"source-{index}" for index in range(size["sources"])]
        proposal_list = self.proposals(
            size["proposals"],
            size["versions"],
            size["words"],
            actor_slugs,
            issue_list,
            source_ids,
        )
        baseline = proposal_list[0]
        doc = {
            "format": "ceasefire-tracker/1",
            "negotiation": {
                "slug": SLUG,
                "title": "Large synthetic negotiation (benchmarks)",
                "summary": self.text(80),
                "started_on": FIRST_DAY.isoformat(),
                "sides": actor_slugs[:2],
                "baseline": {
                    "proposal": baseline["slug"],
                    "version": baseline["versions"][0]["label"],
                },
            },
            "actors": actor_list,
            "people": person_list,
            "issues": issue_list,
            "sources": [
                {
                    "id": source_id,
                    "title": self.sentence(rng.randint(4, 10))[:300],
                    "publisher": rng.choice(
                        ["Wire", "Daily", "الجزيرة", "הארץ", "Gazette"]
                    ),
                    "url": f"https://news.example.com/{index}/report?id={index}#top",
                    "published_on": self.day(),
                }
                for index, source_id in enumerate(source_ids)
            ],
            "proposals": proposal_list,
        }
        doc["positions"] = self.positions(
            size["positions"], actor_slugs, person_slugs, issue_list, source_ids
        )
        doc["responses"] = [
            self.response(actor_slugs, person_slugs, proposal_list, source_ids)
            for _ in range(size["responses"])
        ]
        doc["events"] = [
            self.event(index, actor_slugs + person_slugs, source_ids)
            for index in range(size["events"])
        ]
        return doc

    def actors(self, count):
        rng = self.rng
        actors = []
        for index in range(count):
            name = f"{NAMES[index % len(NAMES)]} {index}"
            # The first two are the sides; a third of the others mediate.
            role = (
                "party"
                if index < 2 or index % 3 == 0
                else rng.choice(["mediator", "observer"])
            )
            actor = {
                "slug": f"actor-{index}",
                "name": name,
                "kind": ACTOR_KINDS[index % len(ACTOR_KINDS)],
                "role": role,
            }
            if index % 2:
                actor["short_name"] = name[:40]
            if index % 4 == 0:
                actor["description"] = self.text(40)
            actors.append(actor)
        return actors

    def people(self, count, actor_slugs):
        return [
            {
                "slug": f"person-{index}",
                "name": f"{PEOPLE_NAMES[index % len(PEOPLE_NAMES)]} {index}",
                "title": "Spokesperson",
                "actor": actor_slugs[index % len(actor_slugs)],
            }
            for index in range(count)
        ]

    def issues(self, count):
        rng = self.rng
        issues = []
        for index in range(count):
            measure = ("numeric", "ordinal", "text")[index % 3]
            issue = {
                "slug": f"issue-{index}",
                "title": f"Sticking point {index}",
                "description": self.text(30),
                "measure": measure,
            }
            if measure == "numeric":
                issue["unit"] = rng.choice(["prisoners", "days", "trucks a day", "km"])
            elif measure == "ordinal":
                issue["scale"] = [
                    {"value": f"step-{step}", "label": f"Step {step} of issue {index}"}
                    for step in range(rng.randint(3, 6))
                ]
            issues.append(issue)
        return issues

    def value(self, issue):
        """Return a value on the issue's measure, or None (unknown) now and then."""
        rng = self.rng
        if issue["measure"] == "text" or rng.random() < 0.05:
            return None
        if issue["measure"] == "numeric":
            return rng.choice([rng.randint(0, 5000), round(rng.uniform(0, 1000), 2)])
        return rng.choice(issue["scale"])["value"]

    def cited(self, source_ids):
        return self.rng.sample(source_ids, self.rng.randint(1, 3))

    def proposals(
        self, count, per_proposal, words, actor_slugs, issue_list, source_ids
    ):
        rng = self.rng
        proposals = []
        for index in range(count):
            start = rng.randrange(DAYS - per_proposal * 10)
            versions = []
            for number in range(1, per_proposal + 1):
                label = f"v{number}"
                if (index + number) % 7 == 0:
                    label = LABEL_MARKS[(index + number) % len(LABEL_MARKS)].format(
                        n=number
                    )
                covered = rng.sample(issue_list, max(1, len(issue_list) * 3 // 5))
                terms = []
                for issue in covered:
                    term = {"issue": issue["slug"]}
                    value = self.value(issue)
                    if value is not None:
                        term["value"] = value
                    if rng.random() < 0.3:
                        term["text"] = self.sentence(rng.randint(6, 16))
                    terms.append(term)
                versions.append(
                    {
                        "label": label,
                        "date": self.day(start + number * 10),
                        "summary": self.text(40),
                        "text": self.text(words),
                        "terms": terms,
                        "sources": self.cited(source_ids),
                    }
                )
            proposals.append(
                {
                    "slug": f"proposal-{index}",
                    "title": f"Proposal {index}",
                    "author": rng.choice(actor_slugs),
                    "summary": self.text(30),
                    "versions": versions,
                }
            )
        return proposals

    def positions(self, count, actor_slugs, person_slugs, issue_list, source_ids):
        rng = self.rng
        pairs = len(actor_slugs) * len(issue_list)
        step = max(1, DAYS // (count // pairs + 1))
        positions = []
        for index in range(count):
            actor = actor_slugs[index % len(actor_slugs)]
            issue = issue_list[(index // len(actor_slugs)) % len(issue_list)]
            # Each (actor, issue) pair gets its positions on distinct days (rule 9).
            position = {
                "actor": actor,
                "issue": issue["slug"],
                "as_of": self.day((index // pairs) * step % DAYS),
            }
            value = self.value(issue)
            if value is not None:
                position["value"] = value
            position["summary"] = self.sentence(rng.randint(8, 24))
            position["status"] = rng.choice(STATUSES)
            if position["status"] == "claimed":
                position["attributed_to"] = rng.choice(
                    [slug for slug in actor_slugs[:4] if slug != actor]
                    + person_slugs[:4]
                )
            position["sources"] = self.cited(source_ids)
            positions.append(position)
        return positions

    def response(self, actor_slugs, person_slugs, proposal_list, source_ids):
        rng = self.rng
        proposal = rng.choice(proposal_list)
        version = rng.choice(proposal["versions"])
        actor = rng.choice(actor_slugs)
        response = {
            "actor": actor,
            "proposal": proposal["slug"],
            "version": version["label"],
            "date": version["date"],
            "response": rng.choice(ANSWERS),
            "status": rng.choice(STATUSES),
            "summary": self.sentence(rng.randint(10, 25)),
            "sources": self.cited(source_ids),
        }
        if response["status"] == "claimed":
            response["attributed_to"] = rng.choice(
                [slug for slug in actor_slugs[:4] if slug != actor] + person_slugs[:4]
            )
        return response

    def event(self, index, participants, source_ids):
        rng = self.rng
        start = rng.randrange(DAYS - 5)
        event = {
            "date": self.day(start),
            "title": f"Round {index}: " + self.sentence(rng.randint(3, 8)),
            "kind": rng.choice(EVENT_KINDS),
            "participants": rng.sample(participants, rng.randint(2, 4)),
            "summary": self.sentence(rng.randint(15, 40)),
            "sources": self.cited(source_ids),
        }
        if index % 2 == 0:
            event = {"slug": f"event-{index}", **event}
        if index % 3 == 0:
            event["end_date"] = self.day(start + rng.randint(0, 4))
            event["place"] = rng.choice(
                ["Cairo", "Doha", "Paris", "القاهرة", "ירושלים"]
            )
        return event


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "output", nargs="?", help="Output file (default: standard output)."
    )
    parser.add_argument("--output", "-o", dest="output_option", metavar="FILE")
    parser.add_argument("--seed", type=int, default=1)
    for name, default in [
        ("actors", 30),
        ("people", 40),
        ("issues", 40),
        ("sources", 500),
        ("proposals", 60),
        ("versions", 5),
        ("words", 3000),
        ("positions", 20_000),
        ("responses", 2_000),
        ("events", 1_000),
    ]:
        parser.add_argument(
            f"--{name}", type=int, default=default, help=f"default {default}"
        )
    args = parser.parse_args(argv)
    output = args.output_option or args.output
    sizes = {
        name: getattr(args, name)
        for name in (
            "actors",
            "people",
            "issues",
            "sources",
            "proposals",
            "versions",
            "words",
            "positions",
            "responses",
            "events",
        )
    }
    doc = make_large_negotiation(seed=args.seed, **sizes)
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if output:
        with open(output, "wb") as output_file:
            output_file.write(data)
        print(f"Wrote {output}: {len(data):,} bytes", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
