"""Rule 20 of format 2: commitments and implementation entries.

Called by rules.py with its index of the document (actors, people, issues,
proposals' labels, sources), so that references resolve the same way as
everywhere else. Like the other rules it reads the document defensively: a
part the schema refuses is skipped.
"""

from .problems import show


def _objects(doc, key):
    array = doc.get(key)
    if not isinstance(array, list):
        return []
    return [
        ((key, index), item)
        for index, item in enumerate(array)
        if isinstance(item, dict)
    ]


def check_implementation(rules):
    """Add every rule-20 problem of rules.doc through rules.add."""
    commitments = _check_commitments(rules)
    _check_entries(rules, commitments)


def _check_commitments(rules):
    """Check each commitment; return {slug: commitment} for the first of each slug."""
    found = {}
    rules.unique(_objects(rules.doc, "commitments"), "slug", found)
    for parts, commitment in _objects(rules.doc, "commitments"):
        version = commitment.get("version")
        if isinstance(version, dict):
            rules.ref_version(parts + ("version",), "proposal", "version", version)
        owed_by = commitment.get("owed_by")
        if isinstance(owed_by, list):
            for index, slug in enumerate(owed_by):
                rules.ref_actor(parts + ("owed_by", index), slug)
        rules.ref_sources(parts, commitment)
        slug = commitment.get("issue")
        issue = rules.ref_issue(parts + ("issue",), slug)
        if slug is None:
            _no_issue_no_value(
                rules, parts, commitment, "a commitment without an issue"
            )
        rules.check_value(parts, issue, commitment)
    return {slug: rules.doc["commitments"][parts[1]] for slug, parts in found.items()}


def _no_issue_no_value(rules, parts, obj, what):
    value = obj.get("value")
    if value is not None:
        rules.add(parts + ("value",), f"{what} has no value; leave out {show(value)}")


def _check_entries(rules, commitments):
    first = {}  # at most one entry per (commitment, as_of, attributed_to)
    for parts, entry in _objects(rules.doc, "implementation"):
        slug = entry.get("commitment")
        commitment = None
        if isinstance(slug, str):
            commitment = commitments.get(slug)
            if commitment is None:
                rules.add(parts + ("commitment",), f'no commitment with slug "{slug}"')
        who = entry.get("attributed_to")
        rules.ref_actor_or_person(parts + ("attributed_to",), who)
        rules.ref_sources(parts, entry)
        if commitment is not None:
            _check_entry_against(rules, parts, entry, commitment)
        rules.check_one_claim(
            first,
            parts,
            entry,
            ("commitment", "as_of"),
            "repeats implementation[{first}]: at most one entry per commitment, "
            "as_of and attributed_to",
        )


def _check_entry_against(rules, parts, entry, commitment):
    """Check the entry's value and attribution against its commitment."""
    issue_slug = commitment.get("issue")
    if issue_slug is None:
        _no_issue_no_value(
            rules,
            parts,
            entry,
            f'an entry on commitment "{entry["commitment"]}" (which has no issue)',
        )
    elif isinstance(issue_slug, str):
        rules.check_value(parts, rules.issues.get(issue_slug), entry)
    # Rule 12, with the first actor owing the commitment as the holder.
    owed_by = commitment.get("owed_by")
    holder = owed_by[0] if isinstance(owed_by, list) and owed_by else None
    who = entry.get("attributed_to")
    if isinstance(who, str) and who == holder:
        rules.add(
            parts + ("attributed_to",),
            f'names the holder "{who}" itself (the first of the commitment\'s '
            "owed_by); leave attributed_to out when the holder speaks",
        )
