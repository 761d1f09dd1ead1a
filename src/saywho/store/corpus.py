"""Corpus identity, the database part: one speaker per real person, and corrections that last.

``link_article`` is called inside the transaction that stores an article. For each entity of
the article (``linking.article_entities``) it finds the database speaker, in this order:

1. a user's merge rule for the name sends it to the rule's target;
2. a partial person name ("Mr Blair") goes to the one full-named speaker it fits
   (``linking.fits``: surname, initial, gender); among several, to the only one quoted by
   the same site in the same year, else to the only one whose roles share a word with the
   article's role for it; otherwise it stays apart, marked *unlinked*;
3. an acronym goes to the one organisation with those initials;
4. any other name goes to the speaker that has it as an alias (exact normalised key);
5. else a new speaker is made, and it absorbs an *unlinked* speaker that is now plainly the
   same (an earlier "Howard" once "Michael Howard" is the only Howard; "NAO" once "National
   Audit Office" is the only NAO).

A name a user split off never links by evidence. The decisions depend on the database and
the article only, so storing the same articles in the same order gives the same speakers
(``ingest --workers N`` commits in input order). ``relink`` replays every stored article
with the rules in a canonical order (undated first, then by day, then by article key), as
migration 3 does: its result does not depend on the order the articles were stored in.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update

from ..errors import QueryError
from .identity import SPEAKER_TYPES
from .linking import (ArticleEntity, NameForm, Said, article_entities, fits, given_names_before,
                      name_form, role_words)
from .schema import articles, attributions, speaker_aliases, speaker_rules, speakers

RULE_KINDS = ("merge", "split", "rename", "set-type")
_S, _AL = speakers, speaker_aliases
_ACR = bindparam("acronym")
# Statements linking runs for every article, built once: SQLAlchemy then reuses their
# compiled form, and on SQLite building a query costs more than running it.
Q_RULES = select(speaker_rules).order_by(speaker_rules.c.id)
Q_ALIAS = select(_AL.c.speaker_id).where(_AL.c.key == bindparam("key"))
Q_ALIASES = select(_AL.c.key, _AL.c.speaker_id).where(
    _AL.c.key.in_(bindparam("keys", expanding=True)))
Q_CANDIDATES = (select(_S.c.id, _S.c.key, _S.c.given, _S.c.gender)
                .where(_S.c.surname == bindparam("surname"), _S.c.given.is_not(None),
                       _S.c.unlinked == 0).order_by(_S.c.id))
Q_EXPANSIONS = (select(_S.c.id).where(_S.c.acronym == _ACR, _S.c.key != _ACR, _S.c.unlinked == 0)
                .order_by(_S.c.id))
Q_KEY = select(_S.c.id).where(_S.c.key == bindparam("key"))
Q_UNLINKED = select(_S.c.id, _S.c.key, _S.c.norm_name, _S.c.gender).where(
    _S.c.norm_name.in_(bindparam("names", expanding=True)), _S.c.unlinked == 1)
Q_TYPES = select(_S.c.id, _S.c.type).where(_S.c.id.in_(bindparam("ids", expanding=True)))
I_SPEAKER = insert(_S).returning(_S.c.id)
I_ALIAS = insert(_AL)
U_COUNT = (update(_S).where(_S.c.id == bindparam("sid"))
           .values(statements=_S.c.statements + bindparam("n")))
U_RETYPE = text(
    "UPDATE speakers SET type = COALESCE((SELECT speaker_type FROM attributions "
    "WHERE attributions.speaker_id = speakers.id AND speaker_type IN "
    "('PERSON', 'ORG', 'GPE', 'NORP', 'OTHER') GROUP BY speaker_type "
    "ORDER BY count(*) DESC, speaker_type LIMIT 1), type) "
    "WHERE type_locked = 0 AND id IN :ids").bindparams(bindparam("ids", expanding=True))
RELINK_BATCH = 200  # articles read at a time by relink
ROLE_SAMPLE = 100  # roles of a candidate compared with the article's


@dataclass(frozen=True)
class Rules:
    merge: dict[str, tuple[str, str]]  # name key -> (target key, target display name)
    split: frozenset[str]
    rename: dict[str, str]
    set_type: dict[str, str]


@dataclass(frozen=True)
class SpeakerRule:
    """One stored correction; ``target`` for merges, ``value`` the new name or type."""

    kind: str
    name: str
    target: str | None
    value: str | None
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_rules(conn: Connection) -> Rules:
    merge, split, rename, set_type = {}, set(), {}, {}
    for row in conn.execute(Q_RULES):
        if row.kind == "merge":
            merge[row.name] = (row.target, row.value)
        elif row.kind == "split":
            split.add(row.name)
        elif row.kind == "rename":
            rename[row.name] = row.value
        elif row.kind == "set-type":
            set_type[row.name] = row.value
    return Rules(merge, frozenset(split), rename, set_type)


def list_rules(conn: Connection) -> list[SpeakerRule]:
    return [SpeakerRule(r.kind, r.name, r.target, r.value, r.created_at) for r in conn.execute(
        select(speaker_rules).order_by(speaker_rules.c.kind, speaker_rules.c.name))]


# -- linking -----------------------------------------------------------------------------------

class Aliases:
    """The speaker each name key leads to, for one article: the keys it may look up are read
    in one query, then kept in step with the speakers the article creates and merges."""

    def __init__(self, conn: Connection, keys: Iterable[str] = ()) -> None:
        self.conn = conn
        self.moved: dict[int, int] = {}  # speaker merged away -> the one it went into
        self.ids: dict[str, int | None] = dict.fromkeys(keys)
        if self.ids:
            self.ids.update(conn.execute(Q_ALIASES, {"keys": sorted(self.ids)}).all())

    def get(self, key: str) -> int | None:
        if key not in self.ids:
            self.ids[key] = self.conn.execute(Q_ALIAS, {"key": key}).scalar()
        return self.ids[key]

    def merged(self, source: int, target: int, *, keep_aliases: bool) -> None:
        """``source`` was merged into ``target``; its names lead there, or nowhere."""
        self.moved[source] = target
        for key, sid in self.ids.items():
            if sid == source:
                self.ids[key] = target if keep_aliases else None

    def current(self, sid: int) -> int:
        """Where a speaker found earlier in the article is now (a later entity of the same
        article can absorb it: "Mr Kilroy-Silk", then "Robert Kilroy-Silk")."""
        while sid in self.moved:
            sid = self.moved[sid]
        return sid


def link_article(conn: Connection, said: Sequence[Said | None], *, site: str | None,
                 day: str | None, rules: Rules, text: str = "") -> list[int | None]:
    """The speaker id of each attribution (``None`` where it names nobody); ``text`` is the
    article's, searched for the full names of a partial name's candidates."""
    ids: list[int | None] = [None] * len(said)
    entities = article_entities(said)
    keys = {link_key(e.form) for e in entities} | {k for e in entities for k in _peer_twins(e.form)}
    keys |= {m[0] for e in entities for k in (e.form.key, link_key(e.form))
             if (m := rules.merge.get(k))}
    known = Aliases(conn, keys)
    for entity in entities:
        sid = _link(conn, entity, site, day[:4] if day else None, rules, text, known)
        for i in entity.members:
            ids[i] = sid
    return [None if sid is None else known.current(sid) for sid in ids]


def _majority(entity: ArticleEntity) -> str:
    best = max(entity.types, key=lambda t: (t[1], t[0] == "PERSON", t[0]))[0]
    return best if best in SPEAKER_TYPES else "OTHER"


PEER_MARK = "#peer"


def link_key(form: NameForm) -> str:
    """The key a speaker is stored and found under: the name key, plus the gender for a
    partial name ("brown#f"), so that an unlinked Mrs Brown and Mr Brown stay two, and a
    mark for a peer's ("browne#m#peer"), which no later full name absorbs."""
    key = f"{form.key}#{form.gender}" if form.partial and form.gender else form.key
    return key + PEER_MARK if form.peer else key


def _peer_twins(form: NameForm) -> tuple[str, ...]:
    """The keys a partial name's unlinked speaker may stand under with or without a peer's
    title: "Lord Falconer" (falconer#m#peer) and a bare "Falconer" (falconer, falconer#m)."""
    if not form.partial:
        return ()
    if form.peer:
        return (link_key(replace(form, peer=False)), form.key)
    genders = (form.gender,) if form.gender else ("m", "f")
    return tuple(f"{form.key}#{g}{PEER_MARK}" for g in genders) + (form.key + PEER_MARK,)


def _link(conn: Connection, entity: ArticleEntity, site: str | None, year: str | None,
          rules: Rules, text: str, known: Aliases) -> int:
    base = entity.form.key
    form = replace(entity.form, key=link_key(entity.form))
    merged = rules.merge.get(form.key) or rules.merge.get(base)
    if merged:
        target, shown = merged
        return known.get(target) or _create(conn, replace(form, key=target, display=shown),
                                            _majority(entity), rules, known, unlinked=False)
    sid = None
    if base not in rules.split and form.key not in rules.split:
        if form.partial:
            sid = _pick(conn, form, _candidates(conn, form), entity.roles, site, year, text)
        elif form.is_acronym:
            found = _expansions(conn, form.key)
            sid = found[0] if len(found) == 1 else None
    # "Lord Falconer" and a bare "Falconer" elsewhere are one unlinked surname speaker
    twins = {s for k in _peer_twins(entity.form) if (s := known.get(k))}
    # a bare "Falconer" when both a Lord and a Lady Falconer are known: neither, a speaker of its own
    sid = sid or known.get(form.key) or (twins.pop() if len(twins) == 1 else None)
    if sid is None:
        sid = _create(conn, form, _majority(entity), rules, known,
                      unlinked=form.partial or form.is_acronym)
        _absorb(conn, sid, form, rules, known)
    return sid


def _alias(conn: Connection, key: str) -> int | None:
    return conn.execute(Q_ALIAS, {"key": key}).scalar()


def _candidates(conn: Connection, form: NameForm) -> list[Any]:
    """Full-named, linked person speakers that the partial ``form`` fits, by id."""
    rows = conn.execute(Q_CANDIDATES, {"surname": form.surname.split()[-1]}).all()
    return [row for row in rows if fits(form, row)]


def _pick(conn: Connection, form: NameForm, candidates: list[Any], roles: Sequence[str],
          site: str | None, year: str | None, text: str = "") -> int | None:
    if not candidates:
        return None
    # The article itself names people with that surname in full ("Sir Ian Blair ... Mr Blair
    # said"): only those can be meant, and someone it does not name ("Chris Evans" when the
    # article is about Charles Evans) is no longer a candidate.
    givens = given_names_before(text, form.surname, form.gender)
    if givens:
        candidates = [c for c in candidates if c.given in givens]
        if not candidates:
            return None
    if len(candidates) == 1 and not form.peer:
        return candidates[0].id
    folded = text.casefold()
    named = [c.id for c in candidates if folded and c.key in folded]
    if len(named) == 1:
        return named[0]
    ids = [c.id for c in candidates]
    a, r = attributions, articles
    # "Lord Browne" is the only Browne quoted by the site that year, yet BP's chief executive,
    # not the minister Des Browne: a peer's title links by the article's name or roles only
    if site and year and not form.peer:
        near = conn.execute(
            select(a.c.speaker_id).distinct().select_from(a.join(r, r.c.id == a.c.article_id))
            .where(a.c.speaker_id.in_(ids), r.c.site == site,
                   func.substr(a.c.said_on, 1, 4) == year)).scalars().all()
        if len(near) == 1:
            return near[0]
        ids = sorted(near) if near else ids
    words = role_words(roles)
    if words:
        scores = {}
        for sid in ids:
            theirs = conn.execute(select(a.c.speaker_role).distinct()
                                  .where(a.c.speaker_id == sid, a.c.speaker_role.is_not(None))
                                  .limit(ROLE_SAMPLE)).scalars().all()
            scores[sid] = len(words & role_words(theirs))
        best = max(scores.values())
        winners = [sid for sid, n in scores.items() if n == best]
        if best > 0 and len(winners) == 1:
            return winners[0]
    return None


def _expansions(conn: Connection, acronym: str) -> list[int]:
    return conn.execute(Q_EXPANSIONS, {"acronym": acronym}).scalars().all()


def _create(conn: Connection, form: NameForm, type_: str, rules: Rules, known: Aliases, *,
            unlinked: bool) -> int:
    row = {
        "key": form.key, "norm_name": form.key.split("#")[0],
        "name": rules.rename.get(form.key, form.display),
        "type": rules.set_type.get(form.key, type_),
        "given": form.given if form.person else None,
        "surname": form.surname.split()[-1] if form.person and form.surname else None,
        "gender": form.gender, "acronym": form.acronym,
        "unlinked": int(unlinked), "statements": 0,
        "name_locked": int(form.key in rules.rename),
        "type_locked": int(form.key in rules.set_type),
    }
    sid = conn.execute(Q_KEY, {"key": form.key}).scalar()
    if sid is None:
        sid = conn.execute(I_SPEAKER, row).scalar_one()
    if known.get(form.key) is None:
        conn.execute(I_ALIAS, {"key": form.key, "speaker_id": sid})
        known.ids[form.key] = int(sid)
    return int(sid)


def _absorb(conn: Connection, sid: int, form: NameForm, rules: Rules, known: Aliases) -> None:
    """Fold earlier *unlinked* speakers that the new speaker ``sid`` plainly is."""
    if form.full:
        words = form.key.split()
        keys = {" ".join(words[i:]) for i in range(1, len(words))}
        keys.add(f"{form.given[0]} {words[-1]}")
        for row in conn.execute(Q_UNLINKED, {"names": sorted(keys)}).all():
            if row.key in rules.split or row.key.endswith(PEER_MARK):
                continue
            partial = _partial(row)
            if [c.id for c in _candidates(conn, partial)] == [sid] and not _named_others(
                    conn, row.id, partial, form.given):
                merge_into(conn, row.id, sid, keep_aliases=False)
                known.merged(row.id, sid, keep_aliases=False)
    elif form.acronym and not form.is_acronym and form.acronym not in rules.split:
        row = conn.execute(select(_S.c.id).where(_S.c.key == form.acronym,
                                                 _S.c.unlinked == 1)).first()
        if row is not None and _expansions(conn, form.acronym) == [sid]:
            merge_into(conn, row.id, sid, keep_aliases=True)
            known.merged(row.id, sid, keep_aliases=True)

def _named_others(conn: Connection, sid: int, partial: NameForm, given: str | None) -> bool:
    """Whether an article of the unlinked speaker ``sid`` names someone with that surname
    in full under another first name (its "Mr Evans" is Charles Evans, not Chris)."""
    r, a = articles, attributions
    texts = conn.execute(select(r.c.text).where(r.c.id.in_(
        select(a.c.article_id).where(a.c.speaker_id == sid).distinct()
        .limit(ROLE_SAMPLE).scalar_subquery()))).scalars()
    return any((found := given_names_before(t, partial.surname, partial.gender))
               and given not in found for t in texts)


def _partial(row: Any) -> NameForm:
    """The partial name of a stored unlinked person speaker ("j smith": initial and surname)."""
    words = row.norm_name.split()
    if len(words) == 2 and len(words[0]) == 1:
        return NameForm(row.norm_name, row.norm_name, True, words[0], words[1], row.gender)
    return NameForm(row.norm_name, row.norm_name, True, None, row.norm_name, row.gender)


def merge_into(conn: Connection, source: int, target: int, *, keep_aliases: bool) -> None:
    """Move ``source``'s statements (and aliases) to ``target`` and delete ``source``."""
    conn.execute(update(attributions).where(attributions.c.speaker_id == source)
                 .values(speaker_id=target))
    if keep_aliases:
        conn.execute(update(speaker_aliases).where(speaker_aliases.c.speaker_id == source)
                     .values(speaker_id=target))
    moved = conn.execute(select(speakers.c.statements).where(speakers.c.id == source)).scalar()
    conn.execute(update(speakers).where(speakers.c.id == target)
                 .values(statements=speakers.c.statements + (moved or 0)))
    conn.execute(delete(speaker_aliases).where(speaker_aliases.c.speaker_id == source))
    conn.execute(delete(speakers).where(speakers.c.id == source))
    retype(conn, [target])


def retype(conn: Connection, ids: Iterable[int]) -> None:
    """Each speaker's type: the most frequent type of its statements (ties: alphabetical),
    unless a user set it."""
    ids = sorted(set(ids))
    if ids:
        conn.execute(U_RETYPE, {"ids": ids})


def count_statements(conn: Connection, added: Sequence[tuple[int, str | None]]) -> None:
    """Add new statements (speaker id, statement type) to their speakers' counts. A speaker's
    type is the majority of its statements' types, so it is recounted only where a statement
    of another type arrives: one more of the majority type cannot change the majority."""
    counts = Counter(sid for sid, _ in added)
    if not counts:
        return
    conn.execute(U_COUNT, [{"sid": sid, "n": n} for sid, n in counts.items()])
    current = dict(conn.execute(Q_TYPES, {"ids": sorted(counts)}).all())
    retype(conn, {sid for sid, type_ in added
                  if type_ in SPEAKER_TYPES and type_ != current.get(sid)})


def relink(conn: Connection) -> None:
    """Link every stored statement again from scratch, applying the user's rules; speaker
    ids change. Articles go in a canonical order, undated first, then by publication day,
    then by article key: linking at ingest depends on the order articles arrive in (a "Mr
    Brown" stored before or after a second Brown), the result of a relink does not, so two
    databases holding the same articles and rules end with the same speakers."""
    a, r = attributions, articles
    conn.execute(update(a).values(speaker_id=None))
    conn.execute(delete(speaker_aliases))
    conn.execute(delete(speakers))
    rules = load_rules(conn)
    # The ids in that order, kept compactly (8 bytes an article) for the batches below.
    order = array("q", conn.execute(select(r.c.id).order_by(
        r.c.published.is_not(None), r.c.published, r.c.key)).scalars())
    for start in range(0, len(order), RELINK_BATCH):
        batch = order[start:start + RELINK_BATCH].tolist()
        found = {h.id: h for h in conn.execute(select(r.c.id, r.c.site, r.c.published, r.c.text)
                                               .where(r.c.id.in_(batch)))}
        heads = [found[i] for i in batch]
        rows: dict[int, list[Any]] = {h.id: [] for h in heads}
        for row in conn.execute(
                select(a.c.id, a.c.article_id, a.c.speaker_name, a.c.speaker_type,
                       a.c.speaker_role, a.c.mention_text, a.c.speaker_entity)
                .where(a.c.article_id.in_(list(rows))).order_by(a.c.article_id, a.c.seq)):
            rows[row.article_id].append(row)
        for head in heads:
            said = [Said(x.speaker_name, x.speaker_type, x.speaker_role, x.mention_text,
                         None if x.speaker_entity is None else str(x.speaker_entity))
                    if x.speaker_name else None for x in rows[head.id]]
            ids = link_article(conn, said, site=head.site, day=head.published, rules=rules,
                               text=head.text)
            pairs = [{"aid": x.id, "sid": sid} for x, sid in zip(rows[head.id], ids) if sid]
            if pairs:
                conn.execute(text("UPDATE attributions SET speaker_id = :sid WHERE id = :aid"),
                             pairs)
    conn.execute(text(
        "UPDATE speakers SET statements = "
        "(SELECT count(*) FROM attributions WHERE attributions.speaker_id = speakers.id)"))
    retype(conn, conn.execute(select(speakers.c.id)).scalars())


# -- corrections -------------------------------------------------------------------------------

def _speaker(conn: Connection, sid: int) -> Any:
    row = conn.execute(select(speakers).where(speakers.c.id == sid)).first()
    if row is None:
        raise QueryError(f"no speaker with id {sid}; 'saywho speakers' lists them")
    return row


def _rule(conn: Connection, kind: str, name: str, target: str | None = None,
          value: str | None = None) -> None:
    conn.execute(delete(speaker_rules).where(speaker_rules.c.kind == kind,
                                             speaker_rules.c.name == name))
    conn.execute(insert(speaker_rules).values(
        kind=kind, name=name, target=target, value=value,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))


def merge(conn: Connection, source: int, target: int) -> None:
    """Speaker ``source`` is ``target``: its statements and names move there, now and for
    articles stored later."""
    if source == target:
        raise QueryError(f"cannot merge speaker {source} into itself")
    src, dst = _speaker(conn, source), _speaker(conn, target)
    names = set(conn.execute(select(speaker_aliases.c.key)
                             .where(speaker_aliases.c.speaker_id == source)).scalars())
    for name in sorted(names | {src.key}):
        conn.execute(delete(speaker_rules).where(speaker_rules.c.kind == "split",
                                                 speaker_rules.c.name == name))
        _rule(conn, "merge", name, dst.key, dst.name)
    # Names merged into the source earlier now go to the target too.
    conn.execute(update(speaker_rules).where(speaker_rules.c.kind == "merge",
                                             speaker_rules.c.target == src.key)
                 .values(target=dst.key, value=dst.name))
    merge_into(conn, source, target, keep_aliases=True)


def split(conn: Connection, sid: int, name: str) -> int:
    """The statements of speaker ``sid`` made under ``name`` become their own speaker (made
    or found by that name), and that name no longer links by evidence. Returns its id."""
    spk = _speaker(conn, sid)
    form = name_form(name, spk.type)
    if form is None:
        raise QueryError(f"{name!r} names nobody; give a name the speaker appeared under")
    if form.key == spk.key:
        raise QueryError(f"{name!r} is the main name of speaker {sid}; split its other names "
                         "off instead, or rename it")
    a = attributions
    rows = conn.execute(select(a.c.id, a.c.speaker_name, a.c.speaker_type, a.c.mention_text)
                        .where(a.c.speaker_id == sid)).all()
    found = [(x.id, f) for x in rows
             if (f := name_form(x.speaker_name, x.speaker_type, x.mention_text)) is not None
             and f.key == form.key]
    moving = [aid for aid, _ in found]
    keys = {link_key(f) for _, f in found}
    if len(keys) == 1:  # "Mr Blair" each time: the split speaker is the one later ones find
        form = replace(form, key=keys.pop(), gender=found[0][1].gender)
    if not moving:
        names = sorted({x.speaker_name for x in rows if x.speaker_name})
        raise QueryError(f"speaker {sid} never appeared as {name!r}; its names are: "
                         + ", ".join(names[:20]))
    conn.execute(delete(speaker_rules).where(speaker_rules.c.kind == "merge",
                                             speaker_rules.c.name == form.key))
    _rule(conn, "split", form.key)
    rules = load_rules(conn)
    conn.execute(delete(speaker_aliases).where(speaker_aliases.c.key == form.key,
                                               speaker_aliases.c.speaker_id == sid))
    new = _create(conn, form, spk.type, rules, Aliases(conn),
                  unlinked=form.partial or form.is_acronym)
    conn.execute(update(a).where(a.c.id.in_(moving)).values(speaker_id=new))
    for each in (sid, new):
        conn.execute(update(speakers).where(speakers.c.id == each).values(
            statements=select(func.count()).select_from(a)
            .where(a.c.speaker_id == each).scalar_subquery()))
    retype(conn, [sid, new])
    return new


def rename(conn: Connection, sid: int, name: str) -> None:
    name = " ".join(name.split())
    if not name:
        raise QueryError("the new name is empty")
    spk = _speaker(conn, sid)
    conn.execute(update(speakers).where(speakers.c.id == sid).values(name=name, name_locked=1))
    _rule(conn, "rename", spk.key, value=name)


def set_type(conn: Connection, sid: int, type_: str) -> None:
    type_ = type_.upper()
    if type_ not in SPEAKER_TYPES:
        raise QueryError(f"type must be one of {', '.join(SPEAKER_TYPES)}, not {type_!r}")
    spk = _speaker(conn, sid)
    conn.execute(update(speakers).where(speakers.c.id == sid).values(type=type_, type_locked=1))
    _rule(conn, "set-type", spk.key, value=type_)


def find_speaker(conn: Connection, ref: str) -> int:
    """A speaker id from an id or a name (any of its aliases)."""
    if "\x00" in ref:
        raise QueryError("a speaker name cannot contain a NUL character")
    if ref.strip().isdigit():
        if int(ref) > 2**63 - 1:  # beyond any id the database holds
            raise QueryError(f"no speaker with id {ref.strip()}; 'saywho speakers' lists them")
        return int(_speaker(conn, int(ref)).id)
    form = name_form(ref, "ORG")
    sid = _alias(conn, form.key) if form else None
    if sid is None:
        raise QueryError(f"no speaker named {ref!r}; give its id ('saywho speakers --name')")
    return sid


def namesakes(conn: Connection, sid: int) -> list[Any]:
    """Speakers that may be the same as ``sid`` but were not linked: for an unlinked partial
    name the full names it fits; for a full name the unlinked partial names that fit it; for
    acronyms and organisations, the other side."""
    spk = _speaker(conn, sid)
    s = speakers
    ids: list[int] = []
    if spk.surname and spk.unlinked:
        ids = [c.id for c in _candidates(conn, _partial(spk))]
    elif spk.surname and spk.given:
        full = NameForm(spk.key, spk.name, True, spk.given, spk.surname, spk.gender)
        for row in conn.execute(select(s.c.id, s.c.norm_name, s.c.gender)
                                .where(s.c.surname == spk.surname, s.c.unlinked == 1)):
            if fits(_partial(row), full):
                ids.append(row.id)
    elif spk.acronym and spk.acronym == spk.key:
        ids = _expansions(conn, spk.key)
    elif spk.acronym:
        ids = list(conn.execute(select(s.c.id).where(s.c.key == spk.acronym)).scalars())
    ids = [i for i in ids if i != sid]
    if not ids:
        return []
    return conn.execute(select(s.c.id, s.c.name, s.c.type, s.c.statements)
                        .where(s.c.id.in_(ids)).order_by(s.c.statements.desc(), s.c.id)).all()
