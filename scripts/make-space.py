#!/usr/bin/env python3
"""Turn a transcript into a synthetic multi-speaker audio "Space".

Each turn of the transcript is spoken by a flite voice (one voice per speaker),
converted with sox to 16 kHz mono s16le WAV, trimmed of leading/trailing
silence and laid on one timeline.  The output directory gets one WAV track per
speaker (all as long as the whole Space), optionally a mixed track, a
manifest.json for the Spacecaps replayer and exact references (seed text, TSV,
RTTM) of what was said when.

The text given to flite is the *spoken* form of each turn (lower case, words
only, numbers spelled out), so the reference is exactly what was synthesised.

Examples:
  python3 scripts/make-space.py --seed /work/shared/seeds/001_*.txt --out data/demo-space \\
      --voices "James Clayton=awb,Elon Musk=rms" --host "Elon Musk" --max-seconds 150 --seed 7
  python3 scripts/make-space.py --text "hello there" --voice slt --out DIR --name hello

Note: --seed is overloaded so the command above works: an integer value is the
random seed, anything else is the transcript path (same as --input/--random-seed).

Only the Python standard library plus the `flite` and `sox` commands are used.
"""

import argparse
import array
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import wave

RATE = 16000
DEFAULT_VOICES = ["rms", "awb", "slt", "kal16"]

# --------------------------------------------------------------------------
# Transcript parsing
# --------------------------------------------------------------------------

SPEAKER_LINE = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}):\s*$")
SEED_LINE = re.compile(r"^\[([^\]]+)\]\s*(.*)$")
# A line with CJK characters marks the end of a scraped transcript (blog footer).
FOOTER_CHARS = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def norm_ws(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def detect_format(lines):
    nonempty = [l.strip() for l in lines if l.strip()]
    seed = sum(1 for l in nonempty if SEED_LINE.match(l))
    return "seed" if nonempty and seed >= 0.5 * len(nonempty) else "blocks"


def parse_transcript(path, fmt="auto"):
    """Return (format, [(speaker, [display lines])], notes)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if fmt == "auto":
        fmt = detect_format(lines)
    turns, notes = [], []
    if fmt == "seed":
        for n, line in enumerate(lines, 1):
            line = norm_ws(line)
            if not line:
                continue
            m = SEED_LINE.match(line)
            if not m:
                notes.append("line %d: not a [Name] line, skipped" % n)
                continue
            turns.append((norm_ws(m.group(1)), [m.group(2)]))
    else:
        cur = None
        for n, raw in enumerate(lines, 1):
            line = norm_ws(raw)
            if FOOTER_CHARS.search(line):
                notes.append("line %d: non-transcript footer, stopped reading here" % n)
                break
            m = SPEAKER_LINE.match(line)
            if m:
                cur = (m.group(1), [])
                turns.append(cur)
            elif line:
                if cur is None:
                    notes.append("line %d: header skipped: %s" % (n, line))
                else:
                    cur[1].append(line)
        turns = [t for t in turns if t[1]]
    return fmt, turns, notes


# --------------------------------------------------------------------------
# Display text -> spoken text
# --------------------------------------------------------------------------

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = [(10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")]
ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                 "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def below_100(n):
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])


def below_1000(n):
    h, r = divmod(n, 100)
    parts = []
    if h:
        parts.append(ONES[h] + " hundred")
    if r or not h:
        parts.append(below_100(r))
    return " ".join(parts)


def cardinal(n):
    if n == 0:
        return "zero"
    parts = []
    for value, name in SCALES:
        if n >= value:
            q, n = divmod(n, value)
            parts.append(cardinal(q) + " " + name)
    if n:
        parts.append(below_1000(n))
    return " ".join(parts)


def year_words(n):
    hi, lo = divmod(n, 100)
    if lo == 0:
        return below_100(hi) + " hundred"
    if lo < 10:
        return below_100(hi) + " oh " + ONES[lo]
    return below_100(hi) + " " + below_100(lo)


def number_words(tok, allow_year=True):
    """'1,500' -> 'one thousand five hundred', '4.5' -> 'four point five', '2023' -> year."""
    tok = tok.replace(",", "")
    if "." in tok:
        whole, frac = tok.split(".", 1)
        return cardinal(int(whole or "0")) + " point " + " ".join(ONES[int(d)] for d in frac)
    n = int(tok)
    if allow_year and len(tok) == 4 and 1900 <= n <= 2099 and not 2000 <= n <= 2009:
        return year_words(n)
    return cardinal(n)


def ordinal(n):
    words = cardinal(n).split()
    last = words[-1]
    if last in ORD_IRREGULAR:
        last = ORD_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join(words[:-1] + [last])


NUM = r"\d[\d,]*(?:\.\d+)?"
UNIT = r"(?:\s*(thousand|million|billion|trillion|bn|k)\b)?"
UNIT_WORDS = {"k": "thousand", "bn": "billion"}
NOISE = re.compile(r"^(?:(?:ha)+h?|(?:he){2,}|(?:ah){2,}|hm+|mm+)$")
NOT_ACRONYMS = {"OK", "COVID", "I", "A", "AND", "THE", "NO", "SO", "YES", "OH"}


def _acronym(m):
    letters, suffix = m.group(1), m.group(2) or ""
    if letters in NOT_ACRONYMS:
        return m.group(0)
    spelled = " ".join(letters.lower())
    if suffix == "'s":
        return spelled + "'s"
    if suffix == "s":
        return spelled + " s"
    return spelled


def spoken_text(display):
    s = display
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", " ").replace("\u201d", " ")
    s = re.sub(r"[\u2013\u2014]", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)                 # [inaudible 00:07:06], [laughs]
    s = re.sub(r"\b([A-Z]{2,5})('s|s)?\b", _acronym, s)  # BBC -> b b c
    s = s.replace("&", " and ").replace("+", " plus ")

    def money(m):
        unit = m.group(2)
        unit = UNIT_WORDS.get(unit.lower(), unit.lower()) if unit else ""
        return " %s %s dollars " % (number_words(m.group(1), False), unit)

    s = re.sub(r"\$\s?(" + NUM + ")" + UNIT, money, s, flags=re.I)
    s = re.sub(r"(" + NUM + r")\s*%", lambda m: " %s percent " % number_words(m.group(1), False), s)
    s = re.sub(r"\b(\d+)\s*(am|pm|a\.m\.|p\.m\.)(?=\W|$)",
               lambda m: " %s %s " % (cardinal(int(m.group(1))), " ".join(m.group(2).replace(".", ""))),
               s, flags=re.I)
    s = re.sub(r"\b(\d+)(st|nd|rd|th)\b", lambda m: " %s " % ordinal(int(m.group(1))), s, flags=re.I)
    s = re.sub(r"\b(\d{1,2}):(\d{2})\b",
               lambda m: " %s %s " % (cardinal(int(m.group(1))),
                                      "o'clock" if m.group(2) == "00" else
                                      ("oh " + ONES[int(m.group(2))]) if m.group(2)[0] == "0"
                                      else below_100(int(m.group(2)))), s)
    s = re.sub(r"(?<=\d)/(?=\d)", " ", s)
    s = re.sub(NUM, lambda m: " %s " % number_words(m.group(0)), s)
    s = s.lower()
    s = re.sub(r"(?<=[a-z])[-/](?=[a-z])", " ", s)   # state-affiliated -> state affiliated
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)*", s)
    return " ".join(w for w in words if not NOISE.match(w))


def split_sentences(line):
    return [p for p in re.split(r"(?<=[.?!])\s+", line) if p.strip()]


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "speaker"


# --------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------

def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        a = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        a.byteswap()
    return a


def write_wav(path, samples):
    a = array.array("h", samples)
    if sys.byteorder == "big":
        a.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(a.tobytes())


def trim(a, threshold=150, frame=160, pad_ms=10):
    """Cut leading/trailing frames whose RMS is below threshold (keeps pad_ms)."""
    n = len(a) // frame
    loud = [i for i in range(n)
            if sum(x * x for x in a[i * frame:(i + 1) * frame]) > threshold * threshold * frame]
    if not loud:
        return array.array("h")
    pad = pad_ms * RATE // 1000
    start = max(0, loud[0] * frame - pad)
    end = min(len(a), (loud[-1] + 1) * frame + pad)
    return a[start:end]


def synth(text, voice, tmp, key):
    raw = os.path.join(tmp, key + ".raw.wav")
    out = os.path.join(tmp, key + ".wav")
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", raw], check=True)
    subprocess.run(["sox", raw, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", out],
                   check=True)
    a = trim(read_wav(out))
    os.remove(raw)
    os.remove(out)
    return a


def normalise(a, peak=0.7):
    m = max((abs(x) for x in a), default=0)
    if m == 0:
        return a
    g = peak * 32767 / m
    return array.array("h", (int(round(x * g)) for x in a))


def synth_turn(sentences, voice, tmp, key, gap_s):
    gap = array.array("h", bytes(2 * int(gap_s * RATE)))
    out = array.array("h")
    for i, text in enumerate(sentences):
        piece = synth(text, voice, tmp, "%s-%d" % (key, i))
        if not piece:
            continue
        if out:
            out.extend(gap)
        out.extend(piece)
    return normalise(out)


# --------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------

def jdump(v):
    return json.dumps(v, ensure_ascii=False)


def manifest_text(space, participants, tracks, events):
    """The manifest with one compact object per array element, 2-space indented."""
    def arr(items):
        return "[\n" + ",\n".join("    " + jdump(i) for i in items) + "\n  ]"
    return ("{\n"
            '  "space": %s,\n'
            '  "participants": %s,\n'
            '  "tracks": %s,\n'
            '  "events": %s\n'
            "}\n") % (jdump(space), arr(participants), arr(tracks), arr(events))


def fmt_s(samples):
    return "%.3f" % (samples / RATE)


def ms(samples):
    return int(round(samples * 1000 / RATE))


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

class SeedAction(argparse.Action):
    """--seed N is the random seed; --seed PATH is the transcript."""

    def __call__(self, parser, ns, value, option_string=None):
        if re.fullmatch(r"-?\d+", value):
            ns.random_seed = int(value)
        else:
            ns.input = value


def parse_mapping(s):
    out = {}
    for part in filter(None, (p.strip() for p in (s or "").split(","))):
        k, _, v = part.partition("=")
        if not v:
            raise SystemExit("bad mapping entry %r (want Name=value)" % part)
        out[k.strip()] = v.strip()
    return out


def single_utterance(args):
    spoken = spoken_text(args.text)
    if not spoken:
        raise SystemExit("--text has no speakable words")
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        a = synth_turn([spoken], args.voice, tmp, "u", args.sentence_gap)
    lead = array.array("h", bytes(2 * int(args.lead_in * RATE)))
    tail = array.array("h", bytes(2 * int(args.tail * RATE)))
    wav = os.path.join(args.out, args.name + ".wav")
    write_wav(wav, lead + a + tail)
    with open(os.path.join(args.out, args.name + ".txt"), "w", encoding="utf-8") as f:
        f.write(spoken + "\n")
    total = len(lead) + len(a) + len(tail)
    print("%s: %.2f s, speech %.3f-%.3f s, voice %s" % (
        wav, total / RATE, len(lead) / RATE, (len(lead) + len(a)) / RATE, args.voice))
    print("text: " + spoken)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", action=SeedAction, metavar="PATH|N",
                   help="transcript path, or (if an integer) the random seed")
    p.add_argument("--input", help="transcript path")
    p.add_argument("--random-seed", type=int, default=7)
    p.add_argument("--format", choices=["auto", "blocks", "seed"], default="auto")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--voices", help='"Name=voice,Name=voice"; default rms, awb, slt, kal16 by first appearance')
    p.add_argument("--rename", help='"OldName=New Name,..." display names (e.g. for [User]/[Musk] seeds)')
    p.add_argument("--host", help="display name of the HOST (default: first speaker)")
    p.add_argument("--space-id", default="demo-bbc-interview")
    p.add_argument("--title", default="Elon Musk interviewed by James Clayton (synthetic demo)")
    p.add_argument("--started-at", default="2023-04-12T18:00:00Z")
    p.add_argument("--language", default="en")
    p.add_argument("--max-seconds", type=float, default=150.0,
                   help="stop before the first turn that would end after this")
    p.add_argument("--max-turns", type=int, default=0, help="0 = no limit")
    p.add_argument("--first-turn", type=int, default=0,
                   help="skip the transcript's turns before this one (counting from 0, as the transcript has them, "
                        "speakable or not), e.g. to keep the start of a transcript unheard")
    p.add_argument("--pause", type=float, default=0.6, help="pause between turns, s")
    p.add_argument("--jitter", type=float, default=0.15, help="+- random jitter of the pause, s")
    p.add_argument("--overlap-prob", type=float, default=0.0)
    p.add_argument("--overlap-max", type=float, default=1.0)
    p.add_argument("--sentence-gap", type=float, default=0.2, help="gap between sentences within a turn, s")
    p.add_argument("--lead-in", type=float, default=0.5, help="silence before the first turn, s")
    p.add_argument("--tail", type=float, default=0.5, help="silence after the last turn, s")
    p.add_argument("--mixed", action="store_true", help="also write mixed.wav")
    p.add_argument("--mixed-only", action="store_true", help="write only mixed.wav (single-track manifest)")
    p.add_argument("--text", help="single-utterance mode: synthesise this text to OUT/NAME.wav + NAME.txt")
    p.add_argument("--voice", default="slt", help="voice for --text mode")
    p.add_argument("--name", default="utterance", help="file name stem for --text mode")
    args = p.parse_args()

    if args.text is not None:
        return single_utterance(args)
    if not args.input:
        p.error("a transcript is required (--seed PATH or --input PATH)")

    fmt, raw_turns, notes = parse_transcript(args.input, args.format)
    rename = parse_mapping(args.rename)
    voice_map = parse_mapping(args.voices)
    rng = random.Random(args.random_seed)

    # Text: display + spoken, per sentence.
    turns, dropped = [], []
    for k, (speaker, lines) in enumerate(raw_turns):
        if k < args.first_turn:
            continue
        name = rename.get(speaker, speaker)
        display = norm_ws(" ".join(lines))
        sentences = [sp for line in lines for sent in split_sentences(line)
                     for sp in [spoken_text(sent)] if sp]
        if not sentences:
            dropped.append((k, "[%s] %s" % (name, display)))
            continue
        turns.append({"k": k, "speaker": name, "display": display, "sentences": sentences,
                      "spoken": " ".join(sentences)})

    # Timeline.
    max_samples = int(args.max_seconds * RATE)
    placed, voices_used = [], {}
    prev, last_end_by_speaker = None, {}
    stop_k = len(raw_turns)
    stop_reason = "end of transcript"
    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(turns):
            if args.max_turns and len(placed) >= args.max_turns:
                stop_k = t["k"]
                stop_reason = "--max-turns"
                break
            spk = t["speaker"]
            if spk not in voices_used:
                voices_used[spk] = voice_map.get(spk) or DEFAULT_VOICES[len(voices_used) % len(DEFAULT_VOICES)]
            pause = args.pause + rng.uniform(-args.jitter, args.jitter)
            do_overlap = rng.random() < args.overlap_prob
            overlap = rng.uniform(min(0.1, args.overlap_max), args.overlap_max)
            if prev is None:
                start = int(args.lead_in * RATE)
            elif do_overlap and prev["speaker"] != spk:
                start = max(prev["start"] + int(0.1 * RATE), prev["end"] - int(overlap * RATE))
            else:
                start = prev["end"] + int(max(0.0, pause) * RATE)
            start = max(start, last_end_by_speaker.get(spk, 0) + int(0.1 * RATE))
            audio = synth_turn(t["sentences"], voices_used[spk], tmp, "t%d" % i, args.sentence_gap)
            if not audio:
                dropped.append((t["k"], "[%s] %s (no audio)" % (spk, t["display"])))
                continue
            end = start + len(audio)
            if end > max_samples:
                stop_k = t["k"]
                stop_reason = "--max-seconds %g" % args.max_seconds
                break
            t.update(start=start, end=end, audio=audio)
            placed.append(t)
            prev = t
            last_end_by_speaker[spk] = end
            print("turn %3d %-15s %7.2f-%7.2f s  %s" % (len(placed), spk, start / RATE, end / RATE,
                                                          t["spoken"][:60]), file=sys.stderr)
    if not placed:
        raise SystemExit("no turns fit")
    total = max(t["end"] for t in placed) + int(args.tail * RATE)

    # Speakers in output: host first, then by first appearance.
    speakers = []
    for t in placed:
        if t["speaker"] not in speakers:
            speakers.append(t["speaker"])
    host = args.host if args.host in speakers else speakers[0]
    speakers.remove(host)
    speakers.insert(0, host)

    os.makedirs(args.out, exist_ok=True)
    tracks = {s: array.array("h", bytes(2 * total)) for s in speakers}
    for t in placed:
        tr, a, s0 = tracks[t["speaker"]], t["audio"], t["start"]
        for j, x in enumerate(a):
            v = tr[s0 + j] + x
            tr[s0 + j] = 32767 if v > 32767 else (-32768 if v < -32768 else v)
    written = []
    if not args.mixed_only:
        for s in speakers:
            fn = slug(s) + ".wav"
            write_wav(os.path.join(args.out, fn), tracks[s])
            written.append(fn)
    if args.mixed or args.mixed_only:
        mixed = array.array("h", bytes(2 * total))
        for s in speakers:
            tr = tracks[s]
            for j in range(total):
                v = mixed[j] + tr[j]
                mixed[j] = 32767 if v > 32767 else (-32768 if v < -32768 else v)
        write_wav(os.path.join(args.out, "mixed.wav"), mixed)
        written.append("mixed.wav")

    # Manifest.
    space = {"id": args.space_id, "title": args.title, "startedAt": args.started_at, "language": args.language}
    participants = [{"id": slug(s), "displayName": s, "handle": None, "role": "HOST" if s == host else "SPEAKER"}
                    for s in speakers]
    if args.mixed_only:
        mtracks = [{"id": "mixed", "file": "mixed.wav"}]
    else:
        mtracks = [{"id": slug(s), "file": slug(s) + ".wav", "participantId": slug(s)} for s in speakers]
    events = [(0, 0, i, {"atMs": 0, "type": "PARTICIPANT_JOINED", "participantId": slug(s)})
              for i, s in enumerate(speakers)]
    for i, t in enumerate(placed):
        pid = slug(t["speaker"])
        events.append((ms(t["start"]), 2, i, {"atMs": ms(t["start"]), "type": "SPEAKING_STARTED", "participantId": pid}))
        events.append((ms(t["end"]), 1, i, {"atMs": ms(t["end"]), "type": "SPEAKING_STOPPED", "participantId": pid}))
    events.sort(key=lambda e: e[:3])
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(manifest_text(space, participants, mtracks, [e[3] for e in events]))

    # References.
    with open(os.path.join(args.out, "reference.seed.txt"), "w", encoding="utf-8") as f:
        for t in placed:
            f.write("[%s] %s\n" % (t["speaker"], t["display"]))
    with open(os.path.join(args.out, "reference.tsv"), "w", encoding="utf-8") as f:
        f.write("speaker\tstart_ms\tend_ms\tdisplay_text\tspoken_text\n")
        for t in placed:
            f.write("%s\t%d\t%d\t%s\t%s\n" % (t["speaker"], ms(t["start"]), ms(t["end"]),
                                              t["display"].replace("\t", " "), t["spoken"]))
    with open(os.path.join(args.out, "reference.rttm"), "w", encoding="utf-8") as f:
        for t in placed:
            f.write("SPEAKER %s 1 %s %s <NA> <NA> %s <NA> <NA>\n" % (
                args.space_id, fmt_s(t["start"]), fmt_s(t["end"] - t["start"]), slug(t["speaker"])))

    # README.
    stats = {s: [0, 0, 0] for s in speakers}  # turns, words, samples
    for t in placed:
        st = stats[t["speaker"]]
        st[0] += 1
        st[1] += len(t["spoken"].split())
        st[2] += len(t["audio"])
    cmd = "python3 " + " ".join(shlex.quote(a) for a in sys.argv)
    lines = [
        "# %s" % args.title, "",
        "Synthetic audio Space generated by `scripts/make-space.py` (flite text-to-speech + sox).", "",
        "Generated with:", "", "```", cmd, "```", "",
        "- Source transcript: `%s` (%s format), %s%d of %d speakable turns (stopped by %s)." % (
            os.path.basename(args.input), fmt,
            "from turn %d (counting from 0; turns %d-%d are not used), first " % (
                args.first_turn, 0, args.first_turn - 1) if args.first_turn else "first ",
            len(placed), len(turns), stop_reason),
        "- Duration: %.3f s; 16 kHz mono signed 16-bit WAV; files: %s." % (total / RATE, ", ".join(written)),
        "- Pause between turns %.2f s +- %.2f s, overlap probability %g (max %g s), random seed %d." % (
            args.pause, args.jitter, args.overlap_prob, args.overlap_max, args.random_seed),
        "",
        "| Speaker | Participant id | Role | flite voice | Turns | Words | Speech (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in speakers:
        st = stats[s]
        lines.append("| %s | %s | %s | %s | %d | %d | %.1f |" % (
            s, slug(s), "HOST" if s == host else "SPEAKER", voices_used[s], st[0], st[1], st[2] / RATE))
    lines += [
        "",
        "Files:", "",
        "- `manifest.json`: Space, participants, tracks and SPEAKING_STARTED/STOPPED events (ms from start).",
        "- `reference.seed.txt`: `[Speaker] display text`, one line per turn.",
        "- `reference.tsv`: speaker, start_ms, end_ms, display text, spoken text (exactly what flite was given;",
        "  use it as the WER reference).",
        "- `reference.rttm`: speaker turns in RTTM form (file id = space id).",
        "",
        "The spoken text is the display text in lower case, without punctuation, with numbers and",
        "acronyms spelled out (\"BBC\" -> \"b b c\") and laughter/noise tokens dropped.",
        "",
        "Licence note: the text comes from the project's seed transcript `%s` and is reused here" % os.path.basename(args.input),
        "only as test material; the audio is synthetic (flite voices), not a recording of the people named.",
    ]
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    for n in notes:
        print("note: " + n, file=sys.stderr)
    for k, d in dropped:
        if k < stop_k:
            print("dropped (no speakable words): " + d, file=sys.stderr)
    print("%d turns placed (%s), %.3f s" % (len(placed), stop_reason, total / RATE))
    for s in speakers:
        st = stats[s]
        print("  %-15s voice %-6s turns %3d words %5d speech %.1f s" % (s, voices_used[s], st[0], st[1], st[2] / RATE))


if __name__ == "__main__":
    main()
