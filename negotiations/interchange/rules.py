"""The format's rules beyond the schema (README rules 1 to 9, 11 and 12, and
VERSION-2 rules 16 to 19 and 21).

The rules read the document defensively: a part the schema refuses is skipped,
so that one broken part does not hide the problems of another.
"""

import math

from .implementation_rules import check_implementation
from .problems import json_path, show
from .schema import is_date


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _objects(container, key):
    """Return (index, item) for each object in the array container[key]."""
    array = container.get(key) if isinstance(container, dict) else None
    if not isinstance(array, list):
        return []
    return [(index, item) for index, item in enumerate(array) if isinstance(item, dict)]


def _string(obj, key):
    value = obj.get(key)
    return value if isinstance(value, str) else None


class _Rules:
    """Rules 1-9, 11, 12, 16-19 and 21.

    The schema and the value pass cover 10, 13, 14 and 15, and the parts of 17 and
    21 that are about shape (a range's keys, a source's kind, an archive URL).
    """

    def __init__(self, doc, problems):
        self.doc = doc
        self.add = problems.add

    def check(self):
        self.index()
        self.check_sides()
        self.check_baseline()
        self.check_scales()
        self.check_issue_sides()
        self.check_people()
        self.check_proposals()
        self.check_amends()
        self.check_positions()
        self.check_responses()
        self.check_events()
        check_implementation(self)  # rule 20 (format 2)

    # Rule 1 (and 11 for events): slugs, ids and labels are unique in their kind.
    def unique(self, entries, key, found):
        """Add each entry's key to found ({value: path}); report the repeats."""
        for parts, obj in entries:
            value = _string(obj, key)
            if value is None:
                continue
            if value in found:
                first = json_path(found[value])
                self.add(parts + (key,), f'{key} "{value}" is already used by {first}')
            else:
                found[value] = parts

    def index(self):
        doc = self.doc
        named = {}  # actors and people share one namespace: attributed_to names either
        self.unique(self.entries("actors"), "slug", named)
        self.actors = {slug: doc["actors"][parts[1]] for slug, parts in named.items()}
        self.unique(self.entries("people"), "slug", named)
        self.people = {slug for slug, parts in named.items() if parts[0] == "people"}
        issue_paths = {}
        self.unique(self.entries("issues"), "slug", issue_paths)
        self.issues = {
            slug: doc["issues"][parts[1]] for slug, parts in issue_paths.items()
        }
        self.sources = {}
        self.unique(self.entries("sources"), "id", self.sources)
        self.unique(self.entries("events"), "slug", {})
        proposal_paths = {}
        self.unique(self.entries("proposals"), "slug", proposal_paths)
        self.labels = {}  # proposal slug -> its version labels
        self.versions = {}  # (proposal slug, label) -> (path, version object)
        for parts, proposal in self.entries("proposals"):
            labels = {}
            versions = [
                (parts + ("versions", index), version)
                for index, version in _objects(proposal, "versions")
            ]
            self.unique(versions, "label", labels)
            slug = _string(proposal, "slug")
            if slug is not None and proposal_paths.get(slug) == parts:
                self.labels[slug] = set(labels)
                for label, version_parts in labels.items():
                    version = proposal["versions"][version_parts[-1]]
                    self.versions[slug, label] = (version_parts, version)

    def entries(self, kind):
        return [((kind, index), obj) for index, obj in _objects(self.doc, kind)]

    # Rule 2: every reference resolves.
    def ref_actor(self, parts, slug):
        if not isinstance(slug, str) or slug in self.actors:
            return
        if slug in self.people:
            reason = (
                f'no actor with slug "{slug}" '
                f'("{slug}" is a person; an actor is needed here)'
            )
        else:
            reason = f'no actor with slug "{slug}"'
        self.add(parts, reason)

    def ref_actor_or_person(self, parts, slug):
        if (
            isinstance(slug, str)
            and slug not in self.actors
            and slug not in self.people
        ):
            self.add(parts, f'no actor or person with slug "{slug}"')

    def ref_issue(self, parts, slug):
        """Report an unknown issue; return the issue object, or None."""
        if not isinstance(slug, str):
            return None
        if slug not in self.issues:
            self.add(parts, f'no issue with slug "{slug}"')
            return None
        return self.issues[slug]

    def ref_version(self, parts, proposal_key, version_key, obj):
        proposal, label = _string(obj, proposal_key), _string(obj, version_key)
        if proposal is None:
            return
        if proposal not in self.labels:
            self.add(parts + (proposal_key,), f'no proposal with slug "{proposal}"')
        elif label is not None and label not in self.labels[proposal]:
            self.add(
                parts + (version_key,),
                f'proposal "{proposal}" has no version labelled {show(label)}',
            )

    def ref_sources(self, parts, obj):
        ids = obj.get("sources")
        if not isinstance(ids, list):
            return
        for index, source_id in enumerate(ids):
            if isinstance(source_id, str) and source_id not in self.sources:
                self.add(
                    parts + ("sources", index), f"no source with id {show(source_id)}"
                )

    # Rule 12: a claim is attributed to someone other than its holder.
    def check_attribution(self, parts, claim):
        who = claim.get("attributed_to")
        self.ref_actor_or_person(parts + ("attributed_to",), who)
        if isinstance(who, str) and who == claim.get("actor"):
            self.add(
                parts + ("attributed_to",),
                f'names the holder "{who}" itself; leave attributed_to out '
                "when the holder speaks",
            )

    # Rule 3: two different actors whose role is party (and rule 19 per issue).
    def check_sides(self):
        negotiation = self.doc.get("negotiation")
        sides = negotiation.get("sides") if isinstance(negotiation, dict) else None
        self.check_pair(("negotiation", "sides"), sides)

    def check_issue_sides(self):
        for parts, issue in self.entries("issues"):
            self.check_pair(parts + ("sides",), issue.get("sides"))

    def check_pair(self, pair_parts, sides):
        if not isinstance(sides, list):
            return
        for index, slug in enumerate(sides):
            parts = pair_parts + (index,)
            if not isinstance(slug, str):
                continue
            if slug in sides[:index]:
                first = sides.index(slug)
                self.add(
                    parts,
                    f"names the same actor as sides[{first}]; "
                    "the two sides must be different actors",
                )
            elif slug not in self.actors:
                self.ref_actor(parts, slug)
            elif self.actors[slug].get("role") != "party":
                role = show(self.actors[slug].get("role"))
                self.add(
                    parts,
                    f'actor "{slug}" has role {role}; a side must have role "party"',
                )

    # Rule 4: the baseline names an existing version.
    def check_baseline(self):
        negotiation = self.doc.get("negotiation")
        baseline = (
            negotiation.get("baseline") if isinstance(negotiation, dict) else None
        )
        if isinstance(baseline, dict):
            self.ref_version(
                ("negotiation", "baseline"), "proposal", "version", baseline
            )

    # Rule 5: ordinal issues have a scale of unique values; the others have none.
    def check_scales(self):
        for parts, issue in self.entries("issues"):
            measure, scale = issue.get("measure"), issue.get("scale")
            if measure == "ordinal":
                if scale is None:
                    self.add(
                        parts + ("scale",),
                        "required: an ordinal issue needs a scale "
                        "of at least two options",
                    )
                    continue
                options = [
                    (parts + ("scale", index), option)
                    for index, option in _objects(issue, "scale")
                ]
                self.unique(options, "value", {})
            elif measure in ("numeric", "text") and scale is not None:
                # null is the same as absent, so only a real scale is refused.
                self.add(
                    parts + ("scale",), f"a {measure} issue has no scale; leave it out"
                )

    # Rule 17: a range only on a numeric issue, its bounds in order.
    def check_range(self, parts, issue, value):
        slug, measure = issue.get("slug"), issue.get("measure")
        if measure != "numeric":
            if measure in ("ordinal", "text"):
                self.add(
                    parts,
                    f'issue "{slug}" is {measure}: a range (min, max) is only '
                    "for a numeric issue",
                )
            return
        low, high = value.get("min"), value.get("max")
        if not (_is_number(low) and _is_number(high)):
            return  # one bound, or a bound the schema or rule 14 refuses
        if math.isfinite(low) and math.isfinite(high) and low > high:
            self.add(
                parts + ("min",),
                f"{show(low)} is above the range's max {show(high)}: "
                "min must not be above max",
            )

    # Rule 6: a value matches its issue's measure; null or absent is unknown.
    def check_value(self, parts, issue, obj):
        value = obj.get("value")
        if issue is not None and isinstance(value, dict):
            self.check_range(parts + ("value",), issue, value)
            return
        if issue is None or not (_is_number(value) or isinstance(value, str)):
            return
        if _is_number(value) and not math.isfinite(value):
            return  # rule 14 already refuses it
        slug, measure = issue.get("slug"), issue.get("measure")
        parts = parts + ("value",)
        if measure == "numeric" and not _is_number(value):
            self.add(
                parts,
                f'issue "{slug}" is numeric: '
                f"the value must be a number, not {show(value)}",
            )
        elif measure == "ordinal":
            scale = issue.get("scale")
            if not isinstance(scale, list):
                return  # reported once, on the issue
            allowed = [
                option.get("value")
                for option in scale
                if isinstance(option, dict) and isinstance(option.get("value"), str)
            ]
            if value not in allowed:
                listed = ", ".join(allowed[:12]) + (
                    ", ..." if len(allowed) > 12 else ""
                )
                self.add(
                    parts,
                    f'issue "{slug}" is ordinal: {show(value)} is not one of '
                    f"its scale values ({listed})",
                )
        elif measure == "text":
            self.add(
                parts,
                f'issue "{slug}" is text: the value must be null or absent, '
                f"not {show(value)}",
            )

    def check_people(self):
        for parts, person in self.entries("people"):
            self.ref_actor(parts + ("actor",), person.get("actor"))

    # Rule 18: author or authors, not both; authors name actors, each once.
    def check_authors(self, parts, proposal):
        self.ref_actor(parts + ("author",), proposal.get("author"))
        authors = proposal.get("authors")
        if proposal.get("author") is not None and authors is not None:
            self.add(
                parts + ("authors",),
                "give author or authors, not both "
                '(author: "x" is the same as authors: ["x"])',
            )
        if not isinstance(authors, list):
            return
        for index, slug in enumerate(authors):
            if not isinstance(slug, str):
                continue
            if slug in authors[:index]:
                first = authors.index(slug)
                self.add(
                    parts + ("authors", index),
                    f'names "{slug}" again (authors[{first}]): '
                    "each author at most once",
                )
            else:
                self.ref_actor(parts + ("authors", index), slug)

    # Rule 16: amends names an existing version, not later, without a loop.
    def check_amends(self):
        amended = {}  # (proposal, label) -> (proposal, label) it amends
        for key, (parts, version) in self.versions.items():
            amends = version.get("amends")
            if not isinstance(amends, dict):
                continue
            target = (_string(amends, "proposal"), _string(amends, "version"))
            if None in target:
                continue
            amends_parts = parts + ("amends",)
            self.ref_version(amends_parts, "proposal", "version", amends)
            if target not in self.versions:
                continue
            if target == key:
                self.add(amends_parts, "a version cannot amend itself")
                continue
            amended[key] = target
            target_date = _string(self.versions[target][1], "date")
            date = _string(version, "date")
            if (
                date
                and target_date
                and is_date(date)
                and is_date(target_date)
                and target_date > date
            ):
                self.add(
                    amends_parts,
                    f"the amended version is dated {target_date}, after this "
                    f"version's date {date}",
                )
        reported = set()
        for start in amended:
            chain = [start]
            step = amended.get(start)
            while step is not None and step not in chain:
                chain.append(step)
                step = amended.get(step)
            if step is None or step != start or frozenset(chain) in reported:
                continue
            reported.add(frozenset(chain))
            names = " -> ".join(
                f"{proposal}/{show(label)}" for proposal, label in [*chain, start]
            )
            self.add(
                self.versions[start][0] + ("amends",),
                f"following amends comes back to this version ({names}): "
                "amendments cannot loop",
            )

    def check_proposals(self):
        for parts, proposal in self.entries("proposals"):
            self.check_authors(parts, proposal)
            for version_index, version in _objects(proposal, "versions"):
                version_parts = parts + ("versions", version_index)
                self.ref_sources(version_parts, version)
                first_term = {}  # rule 7: at most one term per issue
                for term_index, term in _objects(version, "terms"):
                    term_parts = version_parts + ("terms", term_index)
                    slug = term.get("issue")
                    issue = self.ref_issue(term_parts + ("issue",), slug)
                    if isinstance(slug, str) and slug in first_term:
                        self.add(
                            term_parts + ("issue",),
                            f'this version already has a term on issue "{slug}" '
                            f"(terms[{first_term[slug]}])",
                        )
                    elif isinstance(slug, str):
                        first_term[slug] = term_index
                    self.check_value(term_parts, issue, term)

    def check_positions(self):
        first = {}  # rule 9: one position per (actor, issue, as_of, attributed_to)
        for parts, position in self.entries("positions"):
            self.ref_actor(parts + ("actor",), position.get("actor"))
            issue = self.ref_issue(parts + ("issue",), position.get("issue"))
            self.check_attribution(parts, position)
            self.ref_sources(parts, position)
            self.check_value(parts, issue, position)
            self.check_one_claim(
                first,
                parts,
                position,
                ("actor", "issue", "as_of"),
                "repeats positions[{first}]: at most one position per actor, "
                "issue, as_of and attributed_to",
            )

    def check_one_claim(self, first, parts, claim, fields, repeats):
        """Refuse a claim that repeats another's `fields` and attribution.

        `first` maps each claim's key to the index of the first claim that made
        it; `repeats` is the message, with `{first}` for that index. A key that
        is not all text is left to the checks that report it.
        """
        key = tuple(claim.get(name) for name in fields)
        who = claim.get("attributed_to")  # absent and null are the same
        if not all(isinstance(part, str) for part in key):
            return
        if who is not None and not isinstance(who, str):
            return
        key += (who,)
        if key in first:
            self.add(parts, repeats.format(first=first[key]))
        else:
            first[key] = parts[1]

    def check_responses(self):
        for parts, response in self.entries("responses"):
            self.ref_actor(parts + ("actor",), response.get("actor"))
            self.ref_version(parts, "proposal", "version", response)
            self.check_attribution(parts, response)
            self.ref_sources(parts, response)

    def check_events(self):
        for parts, event in self.entries("events"):
            participants = event.get("participants")
            if isinstance(participants, list):
                for index, slug in enumerate(participants):
                    self.ref_actor_or_person(parts + ("participants", index), slug)
            self.ref_sources(parts, event)
            # Rule 8; real dates of one YYYY-MM-DD shape compare as strings.
            start, end = _string(event, "date"), _string(event, "end_date")
            if start and end and is_date(start) and is_date(end) and end < start:
                self.add(
                    parts + ("end_date",),
                    f"{end} is before the event's date {start}",
                )


def check_rules(doc, problems):
    if isinstance(doc, dict):
        _Rules(doc, problems).check()
