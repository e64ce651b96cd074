#!/usr/bin/env bash
# Run the course in order in ONE work folder and save the outputs, as a student's "Run all" would go: each notebook
# finds what the one before it wrote (the working copy of the photos, the split, the model), so 03-05 say they found
# 02's model instead of training one. Usage (from the project root, in the dev venv):
#   tools/run_course.sh                       # every notebook of the course, saved
#   tools/run_course.sh 02a_infer 04a_predict # only these are saved; the notebooks they depend on run first, unsaved
# The photos are the data root `data_root()` chooses (ANIMAL_CLASSIFIER_DATA, else the shared sample photos).
set -euo pipefail
cd "$(dirname "$0")/.."
COURSE=(00_scrape 01_clean 02_train 02a_infer 03_evaluate 04_interpret 04a_predict 05_tsne 05a_serve 05b_report)
SAVE=("$@"); [ ${#SAVE[@]} -eq 0 ] && SAVE=("${COURSE[@]}")
export ANIMAL_CLASSIFIER_WORK=${ANIMAL_CLASSIFIER_WORK:-$(mktemp -d -t course-XXXXXX)}
echo "work folder: $ANIMAL_CLASSIFIER_WORK"
last=""; for s in "${SAVE[@]}"; do for i in "${!COURSE[@]}"; do [ "${COURSE[$i]}" = "$s" ] && last=$i; done; done
for i in $(seq 0 "$last"); do
  nb=${COURSE[$i]}; save=""
  for s in "${SAVE[@]}"; do [ "$s" = "$nb" ] && save="--save"; done
  echo "== $nb ${save:-(run only)}"
  nbdev-test --flags slow $save "nbs/$nb.ipynb"
done
nbdev-clean && python tools/tidy_outputs.py
