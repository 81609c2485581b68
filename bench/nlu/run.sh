#!/usr/bin/env bash
# Trains and evaluates the built-in intent classifier on every intent set of ../shared/datasets and writes
# bench/results/nlu-intents.md (train on train.csv, calibrate on valid.csv, score test.csv once); then measures FAQ
# retrieval on faq/bitext_support and writes bench/results/kb-faq.md.
#
# Usage: bench/nlu/run.sh            (SWITCHBOARD_DATASETS overrides the datasets folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
datasets="${SWITCHBOARD_DATASETS:-$(cd .. && pwd)/shared/datasets}"
out="bench/results/nlu-intents.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Switchboard.Cli -c Release -v quiet -nologo >/dev/null
cli="dotnet src/Switchboard.Cli/bin/Release/net10.0/switchboard.dll"

{
  echo "# Built-in intent classifier on the public intent sets"
  echo
  echo "Measured by \`bench/nlu/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(dotnet --version) SDK."
  echo "Train on \`train.csv\`, calibrate temperature and out-of-scope threshold on \`valid.csv\` (then refit on both),"
  echo "evaluate once on \`test.csv\`. Latency is per single text, in process, one thread, after warm-up."
  echo
  echo "| set | accuracy | in-scope acc. | top-intent acc. | oos P / R / F1 | macro-F1 | train s | p50 / p99 µs | model MB | load ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$out"

for set in banking77 clinc150 snips bitext27; do
  dir="$datasets/intents/$set"
  oos=()
  if tr -d '\r' < "$dir/train.csv" | grep ',oos$' > /dev/null; then oos=(--oos-label oos); fi  # no -q: with pipefail, an early exit would fail tr
  start=$(date +%s.%N)
  $cli nlu train --data "$dir/train.csv" --valid "$dir/valid.csv" "${oos[@]}" --out "$work/$set.bin" > "$work/$set.train.txt"
  end=$(date +%s.%N)
  $cli nlu eval --model "$work/$set.bin" --test "$dir/test.csv" "${oos[@]}" --json > "$work/$set.json"
  python3 - "$set" "$work/$set.json" "$(echo "$end - $start" | bc)" >> "$out" <<'PY'
import json, sys
name, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
doc = json.load(open(path)); r = doc["report"]
def f(x): return "–" if x is None else f"{x:.4f}"
oos = "–" if r["out_of_scope_recall"] is None else f'{r["out_of_scope_precision"]:.3f} / {r["out_of_scope_recall"]:.3f} / {r["out_of_scope_f1"]:.3f}'
print(f'| {name} | {f(r["accuracy"])} | {f(r["in_scope_accuracy"])} | {f(r["top_intent_accuracy"])} | {oos} | {f(r["macro_f1"])} | {seconds:.1f} | {r["latency_p50_microseconds"]:.0f} / {r["latency_p99_microseconds"]:.0f} | {doc["model_bytes"]/1048576:.1f} | {doc["load_ms"]:.0f} |')
PY
  echo "$set done" >&2
done
echo >> "$out"
echo "Training time includes process start and calibration (\`nlu train\` wall time)." >> "$out"
cat "$out"

faq="$datasets/faq/bitext_support"
kb_out="bench/results/kb-faq.md"
{
  echo "# FAQ retrieval on faq/bitext_support"
  echo
  echo "Measured by \`bench/nlu/run.sh\` on $(date -u +%Y-%m-%d) (\`switchboard kb eval --faq faq.jsonl --queries queries.csv\`)."
  echo "The paraphrase classifier trains on each entry's question and alternates only, with numbers as one placeholder"
  echo "and English stems for word n-grams; it is what the \`builtin\` provider answers with. Lexical search indexes"
  echo "question, alternates (weight 1) and answer (weight 0.3); hybrid is reciprocal rank fusion (k = 60), fixed, not"
  echo "tuned, and is what the agents' knowledge-search tool returns."
  echo
  echo "Test: \`queries.csv\`."
  echo
  echo '```'
  $cli kb eval --faq "$faq/faq.jsonl" --queries "$faq/queries.csv"
  echo '```'
  echo
  echo "Validation: \`intents/bitext27/valid.csv\` as queries (same source and the same 27 intents as the entries; none"
  echo "of its texts is an entry phrasing or a test query). Feature choices for the paraphrase classifier were made here."
  echo
  echo '```'
  python3 - "$datasets/intents/bitext27/valid.csv" "$work/faq-valid.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as source, open(sys.argv[2], 'w', newline='', encoding='utf-8') as target:
    writer = csv.writer(target)
    writer.writerow(['text', 'faq_id'])
    for row in csv.DictReader(source):
        writer.writerow([row['text'], row['label']])
PY
  $cli kb eval --faq "$faq/faq.jsonl" --queries "$work/faq-valid.csv"
  echo '```'
} > "$kb_out"
cat "$kb_out"
