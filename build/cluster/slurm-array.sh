#!/usr/bin/env bash
# Shard one folder of scanned ECGs over a Slurm job array: task i of N runs
#   ecg-review batch $ECG_IN --shard i/N --out shard-i.sqlite
# Submit:   mkdir -p logs && sbatch build/cluster/slurm-array.sh
# Re-run failed shards only (N stays 8, so shard 3 is still 3/8):  sbatch --array=3,5 build/cluster/slurm-array.sh
# Then:     ecg-review merge --union all.sqlite "$ECG_OUT"/shard-*.sqlite   (see README.md)
#
#SBATCH --job-name=ecg-review-batch
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=08:00:00
#SBATCH --output=logs/ecg-review-%A_%a.out
set -euo pipefail

# N: must equal the number of tasks in --array above (0-(N-1)). Fixed here rather than taken from
# SLURM_ARRAY_TASK_COUNT, which shrinks when only some tasks are re-submitted.
SHARD_COUNT=8
IN=${ECG_IN:-/shared/ecg/scans}
OUT=${ECG_OUT:-/shared/ecg/review-sets}
# How to start the CLI: a checkout with `npm ci` done, or the container image through Apptainer:
#   ECG_REVIEW="apptainer exec --bind /shared docker://registry.example.org/ecg-review-cli:0.1.0 node /app/bin/ecg-review.js"
read -r -a ECG_REVIEW_CMD <<< "${ECG_REVIEW:-node ${ECG_REVIEW_HOME:-$HOME/ecg-review-desk}/bin/ecg-review.js}"

: "${SLURM_ARRAY_TASK_ID:?submit with sbatch (SLURM_ARRAY_TASK_ID is not set)}"
if (( SLURM_ARRAY_TASK_ID >= SHARD_COUNT )); then
  echo "task ${SLURM_ARRAY_TASK_ID} is outside 0-$((SHARD_COUNT - 1)): --array and SHARD_COUNT disagree" >&2
  exit 2
fi

# SQLite wants local locks: write the review set on node-local scratch, then move it to shared
# storage under a temporary name and rename it, so shard-i.sqlite only ever appears complete.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ecg-review-${SLURM_ARRAY_JOB_ID:-local}-${SLURM_ARRAY_TASK_ID}.XXXX")
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$OUT"
# A re-submitted task resumes from its previous result: images already finished are skipped.
if [[ -f "$OUT/shard-${SLURM_ARRAY_TASK_ID}.sqlite" ]]; then
  cp "$OUT/shard-${SLURM_ARRAY_TASK_ID}.sqlite" "$SCRATCH/shard-${SLURM_ARRAY_TASK_ID}.sqlite"
fi

"${ECG_REVIEW_CMD[@]}" batch "$IN" --shard "${SLURM_ARRAY_TASK_ID}/${SHARD_COUNT}" --out "$SCRATCH/shard-${SLURM_ARRAY_TASK_ID}.sqlite"

cp "$SCRATCH/shard-${SLURM_ARRAY_TASK_ID}.sqlite" "$OUT/.shard-${SLURM_ARRAY_TASK_ID}.sqlite.partial"
mv -f "$OUT/.shard-${SLURM_ARRAY_TASK_ID}.sqlite.partial" "$OUT/shard-${SLURM_ARRAY_TASK_ID}.sqlite"
echo "shard ${SLURM_ARRAY_TASK_ID}/${SHARD_COUNT} done: $OUT/shard-${SLURM_ARRAY_TASK_ID}.sqlite"
