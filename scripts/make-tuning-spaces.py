#!/usr/bin/env python3
"""Build a tuning set for caption settings (partials' stability, punctuation): two-speaker synthetic Spaces read from the
Debian `fortunes` text (package fortunes / fortunes-min, in /usr/share/games/fortunes).

No text of the project's seed transcripts goes in: the Spaces under data/ are made from those and
are for measuring only; settings are chosen on this set.

Each fortune of plain prose (no verse, dialogue labels, abbreviations or markup; its "-- Author"
line dropped) is one piece of a turn; one to three pieces make a turn, and two speakers take turns.
Each Space is read by a different pair of flite voices with a different random seed, through
scripts/make-space.py (flite + sox).

Usage: python3 scripts/make-tuning-spaces.py --out DIR [--spaces 4] [--max-seconds 180]
Then score a Space with: scripts/spacecaps quality-bench --speed 0 --space DIR/tune-1 ...
"""
import argparse
import os
import random
import re
import subprocess
import sys

FORTUNES = "/usr/share/games/fortunes"
FILES = ["people", "men-women", "humorists", "work", "love", "pets", "food", "miscellaneous", "education",
         "politics", "sports", "platitudes", "wisdom", "fortunes", "kids", "medicine"]
VOICE_PAIRS = [("slt", "kal16"), ("awb", "slt"), ("rms", "kal16"), ("kal16", "awb"), ("slt", "rms"), ("awb", "rms")]
NAMES = [("Dana Host", "Eli Guest"), ("Fay Host", "Gus Guest"), ("Hana Host", "Ivo Guest"), ("Jo Host", "Kit Guest"),
         ("Lea Host", "Max Guest"), ("Ned Host", "Ola Guest")]
BAD = re.compile(r"[:;()\[\]*=<>/\\_|#@{}~^`$%&+]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|Inc|Co|Mt|Prof|Gen|Col)\.|"
                 r"\b[A-Za-z]\.|\.\.|--|\d")


def entries(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for block in text.split("\n%\n"):
        lines = [l for l in block.split("\n") if l.strip()]
        lines = [l for l in lines if not re.match(r"^\s*--", l)]
        if not lines or any(l.startswith(("\t", "  ")) for l in lines):
            continue
        if len(lines) > 1 and sum(len(l) for l in lines[:-1]) / (len(lines) - 1) < 50:
            continue  # verse
        entry = re.sub(r"\s+", " ", " ".join(lines)).strip().replace('"', "")
        words = entry.split()
        if BAD.search(entry) or not 6 <= len(words) <= 60 or entry[-1] not in ".?!":
            continue
        if sum(1 for w in words if w[0].isupper()) > len(words) / 3:
            continue  # titles, lists of names
        yield entry


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--spaces", type=int, default=4)
    p.add_argument("--max-seconds", type=float, default=180)
    p.add_argument("--random-seed", type=int, default=11)
    args = p.parse_args()
    pool = []
    for name in FILES:
        path = os.path.join(FORTUNES, name)
        if os.path.exists(path):
            pool.extend(entries(path))
    if not pool:
        sys.exit("no fortunes in %s: apt-get install fortunes" % FORTUNES)
    rng = random.Random(args.random_seed)
    rng.shuffle(pool)
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(args.out, exist_ok=True)
    for s in range(args.spaces):
        host, guest = NAMES[s % len(NAMES)]
        voice_a, voice_b = VOICE_PAIRS[s % len(VOICE_PAIRS)]
        transcript = os.path.join(args.out, "tune-%d.txt" % (s + 1))
        with open(transcript, "w", encoding="utf-8") as f:
            for t in range(80):
                pieces = [pool.pop() for _ in range(rng.choice([1, 1, 2, 2, 3]))]
                f.write("[%s] %s\n" % (host if t % 2 == 0 else guest, " ".join(pieces)))
        subprocess.run([sys.executable, os.path.join(here, "make-space.py"), "--input", transcript,
                        "--out", os.path.join(args.out, "tune-%d" % (s + 1)),
                        "--voices", "%s=%s,%s=%s" % (host, voice_a, guest, voice_b), "--host", host,
                        "--space-id", "tune-%d" % (s + 1), "--title", "Punctuation tuning %d (fortunes, synthetic)" % (s + 1),
                        "--max-seconds", str(args.max_seconds), "--random-seed", str(args.random_seed + s),
                        "--sentence-gap", str([0.2, 0.15, 0.3, 0.2][s % 4])], check=True)
    print("%d fortunes left unused" % len(pool))


if __name__ == "__main__":
    main()
