"""Generate a large, valid synthetic negotiation in the interchange format, version 2.

The default is about 16.7 MB: 30 actors, 40 issues of all three measures, 60
proposals with 5 versions each (terms and a ~2,400-word text each), 20,000
positions, 2,000 responses, 1,000 events and 500 sources, with Arabic and Hebrew
names and version labels holding spaces, "/", "?", "#" and "%". Every addition
of format 2 appears: 1,900 commitments on ten agreement versions with 5,300
implementation entries (the demo's 19 and 53, times 100), versions that amend
an earlier one, numeric ranges, conditions, proposals with several authors,
sides per issue, source kinds and archive copies. The same seed gives the same
document.

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
SOURCE_KINDS = [
    "primary-document",
    "official-statement",
    "news-report",
    "wire-copy",
    "analysis",
    "aggregator",
    "mirror",
    "social-media",
]
PROGRESS = ["not-started", "minimal", "intermediate", "complete"]
# The demo's shares: 12 not started, 9 minimal, 20 intermediate, 12 complete;
# 30 reported, 13 stated, 9 claimed, 1 disputed.
PROGRESS_WEIGHTS = [12, 9, 20, 12]
ENTRY_STATUSES = ["reported", "stated", "claimed", "disputed"]
ENTRY_STATUS_WEIGHTS = [30, 13, 9, 1]
CONDITIONS = [
    "only if the corridor is monitored by a third party",
    "provided the first stage is completed on time",
    "subject to the mediators' guarantee",
    "بشرط ضمان الوسطاء",
    "בתנאי שהשלב הראשון יושלם",
]
# Every AGREEMENT_EVERY-th proposal's last version is an agreement with commitments.
AGREEMENT_EVERY = 6
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
    words=2400,
    positions=20_000,
    responses=2_000,
    events=1_000,
    commitments=1_900,
    implementation=5_300,
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
        commitments=commitments,
        implementation=implementation,
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
        actor_list = self.actors(size["actors"])
        actor_slugs = [actor["slug"] for actor in actor_list]
        person_list = self.people(size["people"], actor_slugs)
        person_slugs = [person["slug"] for person in person_list]
        parties = [actor["slug"] for actor in actor_list if actor["role"] == "party"]
        issue_list = self.issues(size["issues"], parties)
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
            "format": "ceasefire-tracker/2",
            "negotiation": {
                "slug": SLUG,
                "title": "Large synthetic negotiation (benchmarks)",
                "summary": self.text(80),
                "started_on": FIRST_DAY.isoformat(),
                "sides": actor_slugs[:2],
                "stale_after_days": 90,
                "baseline": {
                    "proposal": baseline["slug"],
                    "version": baseline["versions"][0]["label"],
                },
            },
            "actors": actor_list,
            "people": person_list,
            "issues": issue_list,
            "sources": [
                self.source(index, source_id)
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
        agreements = [
            (proposal["slug"], proposal["versions"][-1])
            for index, proposal in enumerate(proposal_list)
            if index % AGREEMENT_EVERY == AGREEMENT_EVERY - 1
        ]
        doc["commitments"] = self.commitments(
            size["commitments"], agreements, parties, issue_list, source_ids
        )
        doc["implementation"] = self.implementation(
            size["implementation"],
            doc["commitments"],
            actor_slugs[:4] + person_slugs[:4],
            {issue["slug"]: issue for issue in issue_list},
            source_ids,
        )
        return doc

    def source(self, index, source_id):
        rng = self.rng
        source = {
            "id": source_id,
            "title": self.sentence(rng.randint(4, 10))[:300],
            "publisher": rng.choice(["Wire", "Daily", "الجزيرة", "הארץ", "Gazette"]),
            "url": f"https://news.example.com/{index}/report?id={index}#top",
            "published_on": self.day(),
        }
        # Most sources say what they are; one in eight of those is second-hand.
        if index % 10:
            source["kind"] = SOURCE_KINDS[index % len(SOURCE_KINDS)]
        if index % 3 == 0:
            source["archived_url"] = f"https://archive.example.org/2024/{source['url']}"
        return source

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

    def issues(self, count, parties):
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
            # One issue in four is argued between other parties than the
            # negotiation's sides.
            if index % 4 == 3:
                issue["sides"] = rng.sample(parties, 2)
            issues.append(issue)
        return issues

    def value(self, issue):
        """Return a value on the issue's measure, or None (unknown) now and then.

        One numeric value in ten is a range: "up to", "at least" or "between".
        """
        rng = self.rng
        if issue["measure"] == "text" or rng.random() < 0.05:
            return None
        if issue["measure"] == "numeric":
            if rng.random() < 0.1:
                low, high = sorted(rng.sample(range(5001), 2))
                return rng.choice(
                    [{"max": high}, {"min": low}, {"min": low, "max": high}]
                )
            return rng.choice([rng.randint(0, 5000), round(rng.uniform(0, 1000), 2)])
        return rng.choice(issue["scale"])["value"]

    def condition(self, claim, share):
        """Give the claim a condition in `share` of the cases."""
        if self.rng.random() < share:
            claim["condition"] = self.rng.choice(CONDITIONS)

    def cited(self, source_ids):
        return self.rng.sample(source_ids, self.rng.randint(1, 3))

    def proposals(
        self, count, per_proposal, words, actor_slugs, issue_list, source_ids
    ):
        rng = self.rng
        proposals = []
        earlier = []  # (proposal slug, label, date) of every version so far
        for index in range(count):
            slug = f"proposal-{index}"
            start = rng.randrange(DAYS - per_proposal * 10)
            versions = []
            for number in range(1, per_proposal + 1):
                label = f"v{number}"
                if (index + number) % 7 == 0:
                    label = LABEL_MARKS[(index + number) % len(LABEL_MARKS)].format(
                        n=number
                    )
                date = self.day(start + number * 10)
                amends = self.amends(slug, versions, earlier, date)
                # An amending version restates only what it changes.
                share = 1 / 5 if amends else 3 / 5
                covered = rng.sample(issue_list, max(1, int(len(issue_list) * share)))
                terms = []
                for issue in covered:
                    term = {"issue": issue["slug"]}
                    value = self.value(issue)
                    if value is not None:
                        term["value"] = value
                    if rng.random() < 0.3:
                        term["text"] = self.sentence(rng.randint(6, 16))
                    self.condition(term, 0.1)
                    terms.append(term)
                version = {
                    "label": label,
                    "date": date,
                    "summary": self.text(40),
                    "text": self.text(words),
                    "terms": terms,
                    "sources": self.cited(source_ids),
                }
                if amends:
                    version["amends"] = amends
                versions.append(version)
            earlier.extend(
                (slug, version["label"], version["date"]) for version in versions
            )
            proposal = {"slug": slug, "title": f"Proposal {index}"}
            # One proposal in seven has several authors, as the demo's agreement.
            if index % 7 == 6:
                proposal["authors"] = rng.sample(actor_slugs, rng.randint(2, 3))
            else:
                proposal["author"] = rng.choice(actor_slugs)
            proposal["summary"] = self.text(30)
            proposal["versions"] = versions
            proposals.append(proposal)
        return proposals

    def amends(self, slug, versions, earlier, date):
        """Return the version a new version amends, or None (two times in three).

        Mostly the proposal's previous version; one time in four an earlier
        version of another proposal dated on or before `date` (rule 16).
        """
        rng = self.rng
        if not versions or rng.random() >= 1 / 3:
            return None
        if rng.random() < 0.25:
            before = [item for item in earlier if item[2] <= date]
            if before:
                proposal, label, _ = rng.choice(before)
                return {"proposal": proposal, "version": label}
        return {"proposal": slug, "version": versions[-1]["label"]}

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
            self.condition(position, 0.08)
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
        self.condition(response, 0.1)
        if response["status"] == "claimed":
            response["attributed_to"] = rng.choice(
                [slug for slug in actor_slugs[:4] if slug != actor] + person_slugs[:4]
            )
        return response

    def commitments(self, count, agreements, parties, issue_list, source_ids):
        """Return `count` commitments spread over the agreement versions.

        In the demo's shares: four in five on an issue, most of those with a
        value; most with a due date; all with a due text; owed by one party or two.
        """
        rng = self.rng
        commitments = []
        for index in range(count):
            proposal, version = agreements[index % len(agreements)]
            commitment = {
                "slug": f"commitment-{index}",
                "version": {"proposal": proposal, "version": version["label"]},
            }
            if rng.random() < 0.8:
                issue = rng.choice(issue_list)
                commitment["issue"] = issue["slug"]
            else:
                issue = None
            commitment["owed_by"] = rng.sample(parties, rng.randint(1, 2))
            commitment["title"] = self.sentence(rng.randint(4, 9))
            if rng.random() < 0.8:
                commitment["summary"] = self.sentence(rng.randint(10, 24))
            within = rng.randint(0, 60)
            if rng.random() < 0.85:
                offset = (datetime.date.fromisoformat(version["date"]) - FIRST_DAY).days
                commitment["due"] = self.day(offset + within)
            commitment["due_text"] = f"by day {within} of the stage"
            if issue is not None and rng.random() < 0.8:
                value = self.value(issue)
                if value is not None:
                    commitment["value"] = value
            commitment["sources"] = self.cited(source_ids)
            commitment["_date"] = version["date"]  # taken out by implementation()
            commitments.append(commitment)
        return commitments

    def implementation(self, count, commitments, speakers, issues, source_ids):
        """Return `count` dated progress reports, round by round over the commitments.

        Round k reports on every commitment 20k to 20k+10 days after its
        agreement, so that no two entries share (commitment, as_of, attributed_to).
        """
        rng = self.rng
        entries = []
        for index in range(count):
            commitment = commitments[index % len(commitments)]
            round_ = index // len(commitments)
            signed = datetime.date.fromisoformat(commitment["_date"])
            offset = (signed - FIRST_DAY).days + 20 * round_ + rng.randint(0, 10)
            entry = {
                "commitment": commitment["slug"],
                "as_of": self.day(offset),
                "progress": rng.choices(PROGRESS, PROGRESS_WEIGHTS)[0],
            }
            issue = issues.get(commitment.get("issue"))
            if issue is not None and rng.random() < 0.3:
                value = self.value(issue)
                if value is not None:
                    entry["value"] = value
            entry["status"] = rng.choices(ENTRY_STATUSES, ENTRY_STATUS_WEIGHTS)[0]
            if entry["status"] == "claimed":
                holder = commitment["owed_by"][0]
                entry["attributed_to"] = rng.choice(
                    [slug for slug in speakers if slug != holder]
                )
            entry["summary"] = self.sentence(rng.randint(8, 20))
            entry["sources"] = self.cited(source_ids)
            entries.append(entry)
        for commitment in commitments:
            del commitment["_date"]
        return entries

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
        ("words", 2400),
        ("positions", 20_000),
        ("responses", 2_000),
        ("events", 1_000),
        ("commitments", 1_900),
        ("implementation", 5_300),
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
            "commitments",
            "implementation",
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
