"""Store the help texts of the `animal-classifier` command in the package (run: `python tools/make_help.py`).

`animal_classifier.launcher` prints them for `--help` without importing PyTorch or fastai. They are rendered by
`animal_classifier.cli.help_texts` from the real parser; CI runs this script and fails if it changes anything."""
import json
from pathlib import Path
from animal_classifier.cli import help_texts

f = Path(__file__).resolve().parent.parent/"animal_classifier"/"cli_help.json"
text = json.dumps(help_texts(), indent=1, ensure_ascii=False) + "\n"
if not f.exists() or f.read_text(encoding="utf-8") != text: f.write_text(text, encoding="utf-8"); print(f"{f.name} updated")
