"""Is this key result a task? Text heuristics for `activity-key-result` and `vague-key-result`.

A key result measures an outcome; a task ("Launch the new website", "VP
Sales hired", "Users can export CSV") is an initiative. No NLP model: the
startup budget of a pre-commit hook forbids it. Instead, a few signals:

1. measured: a percentage, "from X to Y", a multiplier, a comparison
   ("at least 20", "< 2 s"), a count of people or things that respond
   ("500 sign-ups", "3 deals"), "no ..." (a zero target) or "all ..." (full
   coverage). A measured key result is never a task, even when it starts
   with a task verb ("Deliver 652 MQLs, a 28% QoQ growth").
2. a task verb at the start of a sentence, in any inflection, including
   phrasal verbs ("set up", "roll out") and hiring ("Hire a VP Sales");
3. a done-state ("X is documented", "VP hired", "plans are in place",
   "there is an up-to-date diagram");
4. a capability or possession ("Users can export", "Peerpad supports ACLs",
   "Teams have a working process").

Measured figures in a purpose clause ("... to achieve 100% retention") are
the why, not the what, and do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Base forms of verbs that describe doing work rather than a result.
TASK_VERBS = frozenset("""
    launch create develop deliver build implement define release test prepare plan add adopt allow analyse
    analyze announce apply attend approve architect archive assess audit author automate begin benchmark
    brainstorm bundle calculate capture certify change choose clarify clean close code collect communicate
    compile complete conduct configure consolidate construct continue contribute convert coordinate craft decide
    decommission deploy deprecate design detect digitize discuss distribute do document draft drive educate
    elevate enable engage ensure establish evaluate execute expand explore expose extend facilitate fill
    finalize finalise finish fix formalize gather get give host hold identify initiate install instrument
    integrate interview introduce invite investigate involve kick measure lay lead learn list locate maintain
    make manage map migrate model modernize monitor move negotiate onboard open operationalize organize organise
    outline overhaul partner perform pilot port present produce prototype provide publish put qualify re-
    architect rebuild rebrand redesign refactor refine reimplement remove renegotiate reorganize replace report
    research resolve restructure revamp review rewrite roll run sanitize schedule scope secure select send set
    setup ship solve source spec specify standardize start streamline submit support switch sync track train
    transition translate triage unify update upgrade use validate verify write survey visit contact shadow call
    """.split())

# Verbs that move a number: a key result may start with them (vague without a target, fine with one).
METRIC_VERBS = frozenset("""
    increase decrease reduce grow raise lift boost cut lower improve reach hit achieve exceed double triple
    halve maximize maximise minimize minimise keep stay sustain hold attain eliminate shrink accelerate speed
    expand retain win convert generate acquire gain earn save sell close sign attract
    """.split())

# Verbs whose bare use promises movement without saying how much ("Improve onboarding").
VAGUE_VERBS = frozenset("""
    increase decrease reduce grow raise lift boost cut lower improve optimize optimise enhance maximize maximise
    minimize minimise strengthen expand accelerate better advance
    """.split())

IRREGULAR = {
    "built": "build", "written": "write", "wrote": "write", "made": "make", "ran": "run", "begun": "begin",
    "began": "begin", "chosen": "choose", "chose": "choose", "got": "get", "gotten": "get", "sent": "send",
    "led": "lead", "held": "hold", "kept": "keep", "did": "do", "done": "do", "gave": "give", "given": "give",
    "set": "set", "put": "put", "cut": "cut", "shut": "shut", "taken": "take", "took": "take", "won": "win",
    "sold": "sell", "brought": "bring", "rolled": "roll", "specd": "spec", "spec'd": "spec", "laid": "lay",
}

# Participles that say a piece of work is finished ("SOC 2 report issued", "Docs are published").
DONE_WORDS = frozenset("""
    accepted adopted agreed approved audited automated awarded built certified chosen completed conducted
    configured created decided defined delivered deployed designed developed documented drafted enabled
    established executed finalized finalised finished fixed formalized hired identified implemented installed
    integrated introduced issued launched live merged migrated moved onboarded organized passed piloted prepared
    produced prototyped published recruited refactored released replaced reviewed rewritten rolled selected sent
    set shipped signed specced specd spec'd specified staffed started submitted supported tested trained updated
    upgraded validated verified written
    """.split())

# Subjects that are deliverables, not outcomes ("Handbook describes ...", "Pitch deck for partners").
DELIVERABLES = frozenset("""
    architecture blog bootcamp boot-camp campaign deck demo diagram doc docs documentation dashboard event
    framework guide hackathon meetup offsite webinar guideline guidelines handbook integration library mvp mvc
    page pipeline-less playbook plan plans policy policies portal process processes program programme prototype
    readme roadmap script spec specification strategy template training tutorial website wiki workshop
    """.split())

# What people and markets do in response: counting them measures an outcome.
OUTCOME_NOUNS = (
    r"users?|customers?|clients?|members?|leads?|mqls?|sqls?|sign[- ]?ups?|signups?|subscribers?|subscriptions?|"
    r"downloads?|installs?|installations?|views?|pageviews?|visits?|visitors?|reviews?|mentions?|publications?|"
    r"contributors?|curators?|publishers?|builders?|partners?|resellers?|deals?|accounts?|companies|"
    r"organi[sz]ations?|teams?|projects?|repositories|renewals?|trials?|certifications?|certificates?|stars?|"
    r"followers?|sessions?|transactions?|orders?|purchases?|conversions?|applicants?|referrals?|responses?|"
    r"registrations?|attendees?|participants?|seats?|licen[cs]es?|logos?|opportunities|bookings?|"
    r"tickets?|incidents?|outages?|bugs?|errors?|failures?|complaints?|churn|points?"
)
# Nouns that make a compound with the noun before them: "3 user tests" counts tests, not users.
COMPOUND_HEADS = r"tests?|interviews?|stories|journeys?|personas?|groups?|research|surveys?|guides?|manuals?|" \
                 r"calls?|visits?|programs?|portals?|conferences?|events?|feedback"
NUMBER_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|dozen"
NUM = r"[$€£]?\d[\d,.]*\s*[kKmMbB]?"

_MEASURES = [re.compile(p, re.IGNORECASE) for p in (
    r"\d\s*%|\bper\s?cent\b|\bpercent(age)?\s+points?\b|\d\s*(pp|bps)\b",
    rf"\bfrom\s+{NUM}.{{0,40}}?\bto\s+{NUM}",
    rf"\bby\s+{NUM}\s*(x|times|points|pts)\b",
    r"\b\d+(\.\d+)?\s*[xX]\b|\b\d+\s+times\b",
    rf"[<>≤≥]\s*=?\s*{NUM}|[<>≤≥]\s*=?\s*\d",
    rf"\b(at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|greater\s+than|over|under|"
    rf"above|below|up\s+to|exceeds?|exceeding|within|top)\s+({NUM}|{NUMBER_WORDS})",
    r"\b\d[\d,.]*\s*%?\+",
    r"[$€£]\s?\d",
    r"\b\d+\s+of\s+(the|our|all|their)\b",
    rf"{NUM}\s*(/|\bper\s+|\ba\s+)(day|week|month|quarter|year|\d+\s+days)\b",
    r"\b(in|within|under|for|takes?|take)\s+(less\s+than\s+)?\d+(\.\d+)?\s*"
    r"(s|secs?|seconds?|ms|milliseconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b",
    r"\b(q[1-4]|h[12])?\s*(qoq|yoy|mom|wow)\b",
    r"\bnps\s+(of|above|over|to)\s+\d|\b\d+\s*nps\b",
    r"\bto\s+[$€£]?\d[\d,.]*\s*[kKmM]?\s*$",
    r"\b(a|one|two)\s+(half|third|thirds|quarter|quarters|fifth|fifths)\s+of\b|\bhalf\s+of\b",
)]
# Things a team produces: counting them counts work done ("Write at least 2 blog posts"), not a result.
OUTPUT_NOUNS = (
    r"posts?|articles?|pieces?|tutorials?|videos?|webinars?|events?|meetups?|talks?|presentations?|studies|"
    r"features?|tests?|docs?|documents?|pages?|interviews?|meetings?|workshops?|trainings?|courses?|"
    r"improvements?|experiments?|prototypes?|campaigns?|newsletters?|emails?|hackathons?|conferences?|demos?|"
    r"guides?|walkthroughs?|screencasts?|podcasts?|episodes?|reports?|decks?|assets?|templates?|integrations?"
)
_OUTPUT_COUNT = re.compile(
    rf"\b((at\s+least|more\s+than|over|up\s+to)\s+)?({NUM}|{NUMBER_WORDS})\s+((\w|-)+\s+){{0,3}}?({OUTPUT_NOUNS})\b",
    re.IGNORECASE)
# A count in "with 5 customers" qualifies the work ("Run a pilot with 5 customers"); it is not its result.
_WITH_COUNT = re.compile(rf"\bwith\s+({NUM}|{NUMBER_WORDS})\s+(\w+\s+){{0,3}}?({OUTCOME_NOUNS})\b", re.IGNORECASE)
# A count of people or things that respond: "500 sign-ups", "3 Tier 1 deals", "5 active curators".
_OUTCOME_COUNT = re.compile(
    rf"(^|\s)({NUM}|{NUMBER_WORDS})\s+((new|active|paying|qualified|unique|positive|daily|weekly|monthly|"
    rf"different|additional|enterprise|more|net|repeat|returning|published|[A-Z]\w*|tier\s*\d+)\s+){{0,3}}"
    rf"({OUTCOME_NOUNS})\b(?![-\w]|\s+({COMPOUND_HEADS})\b)",
    re.IGNORECASE)
# Verbs whose object is people the team talks to: "Interview 15 customers" counts work, not a result.
CONTACT_VERBS = frozenset("interview survey call meet visit contact email invite train shadow".split())
_ZERO_OR_ALL = re.compile(r"^(no|zero|all)\b", re.IGNORECASE)
_PURPOSE = re.compile(
    r"\(?\b(to|so\s+that|in\s+order\s+to|which\s+will|that\s+will)\s+(achieve|enable|help|hit|make|support|"
    r"reach|ensure|allow|improve|increase|reduce|decrease|drive|get|grow|deliver|meet)\b[^.;()]*\)?",
    re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.;!?])\s+|\s+[-–—]\s+|:\s+")
_LABEL = re.compile(r"^[A-Za-z][\w &/-]{0,24}:\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LEADING = frozenset("""
    clearly fully successfully finally formally officially jointly proactively properly quickly continuously
    also then please first
    """.split())
_DONE_STATE = re.compile(
    r"\b(is|are|was|were|been|be|being|gets?|got|become|becomes|now)\s+(now\s+|fully\s+|all\s+|completely\s+|"
    r"successfully\s+|formally\s+|officially\s+|clearly\s+|well\s+|publicly\s+)*(?P<word>[a-z'-]+)"
    r"(\s+(in\s+place|part\s+of|available|live))?", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(in\s+place|up\s+and\s+running|(is|are)\s+out\b|part\s+of|out[- ]of[- ]the[- ]box|"
                       r"exists?|available\s+(to|in|for|on)|generally\s+available|available$|ready\s+(for|to))\b",
                       re.IGNORECASE)
_CAPABILITY = re.compile(r"\b(can|could|is\s+able\s+to|are\s+able\s+to|will\s+be\s+able\s+to|has\s+the\s+"
                         r"ability|ability\s+to)\b", re.IGNORECASE)
_POSSESSION = re.compile(
    r"\b(supports?|exposes?|provides?|shows?|displays?|indicates?|describes?|allows?|lets|offers?|includes?|"
    r"contains?|gets?|has|have|owns?|exists?|works?|working|commits?|documents?)\b", re.IGNORECASE)
_THERE_IS = re.compile(r"^there\s+(is|are|exists?)\b", re.IGNORECASE)
_HIRING = re.compile(r"\b(hire|hires|hired|hiring|recruit|recruits|recruited|staff(ed)?\s+(the|a|an|up))\b|"
                     r"^grow\s+(the\s+)?team(\s+(to|by)\b|\s*$|\s*[,.(])", re.IGNORECASE)
_HIRING_START = re.compile(r"^(hire|recruit|staff)\b|^grow\s+(the\s+|our\s+)?(team|headcount)"
                           r"(\s+(to|by)\b|\s*$|\s*[,.(])", re.IGNORECASE)
_PHRASAL = re.compile(r"^(set|roll|sign|kick|stand|spin|build|carry|hand|wrap|find|figure|scale|reach|"
                      r"follow|put|write|clean|close|lay)\s+(up|out|off|down|over|through)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """Why a key result reads as a task: `kind` is 'verb', 'done-state', 'capability' or 'deliverable'."""

    kind: str
    evidence: str


def words(text: str) -> list[str]:
    return [w.lower().strip("'’") for w in _WORD.findall(text)]


def lemma(word: str) -> str:
    """A verb's base form from its inflections: launched, launches, launching -> launch."""
    word = word.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    candidates = [word]
    for suffix, replacements in (("ies", ("y",)), ("ied", ("y",)), ("ing", ("", "e")), ("ed", ("", "e")),
                                 ("es", ("", "e")), ("s", ("",)), ("d", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            candidates += [stem + r for r in replacements]
            if len(stem) > 2 and stem[-1] == stem[-2]:  # planned -> plan, shipping -> ship
                candidates.append(stem[:-1])
    for candidate in candidates:
        if candidate in TASK_VERBS or candidate in METRIC_VERBS:
            return candidate
    return word


def without_purpose(text: str) -> str:
    """The text with its purpose clauses removed: "(to achieve 100% retention)" says why, not what."""
    return _PURPOSE.sub(" ", text)


def is_measured(text: str, counts: bool = True) -> bool:
    """Whether the text names a measurable result (a number with a meaning, not a date or a name).

    With `counts` False, a count of people or things ("15 customers") is not enough on its own.
    """
    core = without_purpose(text).strip()
    core = re.sub(r"\b(19|20)\d\d-\d\d-\d\d\b|\b(q[1-4]|h[12]|fy)\s*-?\s*\d+\b|\b(19|20)\d\d\b", " ", core,
                  flags=re.IGNORECASE)
    if _ZERO_OR_ALL.match(core):
        return True
    core = _OUTPUT_COUNT.sub(" ", _WITH_COUNT.sub(" ", core))
    return any(p.search(core) for p in _MEASURES) or (counts and bool(_OUTCOME_COUNT.search(core)))


def sentences(text: str) -> list[str]:
    """Sentences and clauses that may each start with a verb; a leading "Label:" is dropped."""
    text = _LABEL.sub("", text.strip())
    return [s.strip(" ,") for s in _SENTENCES.split(text) if s.strip(" ,")]


def _first_verb(sentence: str, task_verbs: frozenset[str]) -> str | None:
    tokens = words(sentence)
    while tokens and tokens[0] in _LEADING:
        tokens = tokens[1:]
    if not tokens:
        return None
    if _PHRASAL.match(" ".join(tokens[:2])):
        return " ".join(tokens[:2])
    first = tokens[0]
    base = lemma(first)
    plural = first.endswith("s") and base != first  # "Partners bring ...": a plural noun, not an imperative
    if base in task_verbs and not first.endswith("ing") and not plural and base not in METRIC_VERBS:
        return first
    return None


def _starts_with_verb(sentence: str, task_verbs: frozenset[str]) -> bool:
    tokens = words(sentence)
    while tokens and tokens[0] in _LEADING:
        tokens = tokens[1:]
    if not tokens or tokens[0].endswith("ing"):  # a gerund is a noun here: "Training developed ..."
        return False
    base = lemma(tokens[0])
    if tokens[0].endswith("s") and base != tokens[0]:  # "Plans are in place": a plural noun
        return False
    return base in task_verbs or base in METRIC_VERBS or tokens[0] in ("be", "have", "make", "get", "keep")


def classify(title: str, extra_verbs: Iterable[str] = (), allowed_verbs: Iterable[str] = ()) -> Verdict | None:
    """A `Verdict` when the title reads as a task rather than a measurable result, else None."""
    task_verbs = (TASK_VERBS | {v.lower() for v in extra_verbs}) - {v.lower() for v in allowed_verbs}
    if not title.strip():
        return None
    parts = sentences(title)
    if parts and _HIRING_START.match(parts[0]):
        return Verdict("verb", words(parts[0])[0])  # hiring is work, however many people it counts
    first_word = words(parts[0])[:1] if parts else []
    if is_measured(title, counts=not (first_word and lemma(first_word[0]) in CONTACT_VERBS)):
        return None
    for part in parts:
        verb = _first_verb(part, task_verbs)
        if verb:
            return Verdict("verb", verb)
    first = parts[0] if parts else title
    if _HIRING.search(first):
        return Verdict("verb", "hire")
    if _starts_with_verb(first, task_verbs | METRIC_VERBS):
        return None  # "Eliminate errors caused by ...", "Be the leader in ...": not a task, maybe vague
    tokens = words(first)
    if _THERE_IS.match(first) or _IN_PLACE.search(first):
        return Verdict("done-state", first)
    lead = tokens[1:] if tokens and tokens[0] in _LEADING else tokens
    if lead and lead[0] in DONE_WORDS and len(lead) > 1:
        return Verdict("done-state", lead[0])  # "Clearly defined process to ..."
    for state in _DONE_STATE.finditer(first):
        if state.group("word").lower() in DONE_WORDS or state.group("word").lower().endswith("ed"):
            return Verdict("done-state", state.group(0).strip())
    for token in tokens[1:]:
        if token in DONE_WORDS:
            return Verdict("done-state", token)
    capability = _CAPABILITY.search(first)
    if capability:
        return Verdict("capability", capability.group(0))
    possession = _POSSESSION.search(first)
    if possession and possession.start() > 0:
        return Verdict("capability", possession.group(0))
    if len(tokens) <= 12 and any(t in DELIVERABLES for t in tokens):
        return Verdict("deliverable", next(t for t in tokens if t in DELIVERABLES))
    if any(lemma(t) in task_verbs and lemma(t) != t for t in tokens[1:3]):
        return Verdict("deliverable", tokens[0])
    return None


def is_vague(title: str) -> str | None:
    """The metric verb of a title that promises movement without any number ("Improve onboarding")."""
    tokens = words(_LABEL.sub("", title))
    while tokens and tokens[0] in _LEADING:
        tokens = tokens[1:]
    if not tokens or re.search(r"\d", title) or is_measured(title):
        return None
    base = lemma(tokens[0])
    if base in VAGUE_VERBS or tokens[0] in VAGUE_VERBS:
        return tokens[0]
    return None
