#!/usr/bin/env bash
# Regenerates the committed synthetic mixed-track fixtures (needs flite and sox: apt-get install
# flite sox): the Spaces of the diarization benchmark, where the turns of ../shared/seeds/002_* are
# dealt round-robin to 3 or 4 speakers with distinct flite voices, with some overlap, as one mixed
# track; and the 25 s three-voice clip of the diarizer's unit tests (from its own committed turns).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="$(ls "$home"/../shared/seeds/002_*.txt | head -n 1)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

deal() { # deal N NAMES... : rewrite the seed's [Speaker] labels round-robin
  local n=$1; shift
  awk -v n="$n" -v names="$*" 'BEGIN { split(names, who, ",") }
       /^\[[^]]*\] / { sub(/^\[[^]]*\] /, "[" who[(i++ % n) + 1] "] "); print }' "$seed"
}

deal 3 "Ada Host,Ben Guest,Cleo Guest" > "$tmp/three.txt"
python3 "$home/scripts/make-space.py" --input "$tmp/three.txt" --out "$home/data/synthetic-3" --mixed-only \
  --voices "Ada Host=slt,Ben Guest=rms,Cleo Guest=awb" --host "Ada Host" --space-id synthetic-3 \
  --title "Three voices (synthetic)" --max-seconds 60 --overlap-prob 0.2 --overlap-max 0.8 --random-seed 3

deal 4 "Ada Host,Ben Guest,Cleo Guest,Dan Guest" > "$tmp/four.txt"
python3 "$home/scripts/make-space.py" --input "$tmp/four.txt" --out "$home/data/synthetic-4" --mixed-only \
  --voices "Ada Host=slt,Ben Guest=rms,Cleo Guest=awb,Dan Guest=kal16" --host "Ada Host" --space-id synthetic-4 \
  --title "Four voices (synthetic)" --max-seconds 60 --overlap-prob 0.2 --overlap-max 0.8 --random-seed 4

clips="$home/pipeline/src/test/resources/clips"
python3 "$home/scripts/make-space.py" --input "$clips/mixed-3voices.seed.txt" --out "$tmp/mixed-3voices" \
  --voices 'Ann=slt,Bob=rms,Cat=awb' --mixed-only --overlap-prob 0.3 --max-seconds 25 --random-seed 6 \
  --space-id mixed-3voices
cp "$tmp/mixed-3voices/mixed.wav" "$clips/mixed-3voices.wav"
cp "$tmp/mixed-3voices/reference.rttm" "$clips/mixed-3voices.rttm"
