"""Self-check of `tools/tidy_outputs.py`'s `tidy_text` (CI runs it): progress bars go, pandas tables keep their spacing.

The progress-bar samples are saved outputs of the notebooks before they were tidied (git show 0943922:nbs/02_train.ipynb,
cells 34 and 60, shortened); the tables are printed by pandas here. Prints `tidy_outputs: ok` or fails on an assert."""
import sys
from pathlib import Path
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tidy_outputs import tidy_text

def check(text, want, stderr=False):
    got = tidy_text(text, stderr)
    assert got == want, f"tidy_text({text!r})\n  gave {got!r}\n  want {want!r}"
    assert tidy_text(got, stderr) == got, f"tidy_text is not idempotent on {got!r}"

# pandas: a Series with a MultiIndex whose second level is empty (01_clean's table), a DataFrame printed by print(),
# `to_string()` and argparse's usage (continuation lines indented by 29 spaces): all keep every space
s = pd.DataFrame({"decision": ["kept"]*632 + ["rejected"]*35, "reason": [""]*632 + ["near_duplicate"]*35}
                 ).groupby(["decision", "reason"]).size()
assert " "*20 in str(s), str(s)                  # the sample holds what the old ` {20,}` rule garbled ("kept632")
df = pd.DataFrame({"class": ["owl", "polar_bear"], "candidates": [17, 17], "too_many_pixels": [1, 0]}).set_index("class")
df["a_rather_long_column_name_of_a_report"] = [0.5, 0.25]
for table in (str(s), s.to_string(), str(df), df.to_string(), df.T.to_string()):
    check(table + "\n", table + "\n")
usage = "usage: animal-classifier run [-h] [--classes CLASSES]\n" + " "*29 + "[--out OUT] [--arch ARCH]\n"
check(usage, usage)

# fastprogress in a console: the fill test, bars rewritten with `\r`, the master bar's `Epoch i/n :` prefix, bars
# blanking themselves with spaces between two `\r`; fastai's table rows (header, one row per epoch) stay as printed
bar = lambda p, i, n, pre="": f"\r{pre} |{'█'*int(40*i/n)}{'-'*(40-int(40*i/n))}| {p:.2f}% [{i}/{n} 00:00<00:00]"
blank = lambda pre, w=79: f"\r{pre}" + " "*(w - len(pre) - 1) + "\r"
header = "epoch     train_loss  valid_loss  accuracy  error_rate  time    "
row1 = "0         1.392356    0.597818    0.750000  0.250000    00:00     "
fit = ("Using CPU (x86_64, 2 CPU cores)\n█\r" + header + "\n█\r" + bar(0, 0, 2, "Epoch 1/2 :") + bar(50, 1, 2, "Epoch 1/2 :")
       + bar(100, 2, 2, "Epoch 1/2 :")[:-1] + "... 1.3645]" + blank("Epoch 1/2 :") + blank("Epoch 1/2 :") + "█\r"
       + bar(0, 0, 1, "Epoch 1/2 :") + bar(100, 1, 1, "Epoch 1/2 :") + blank("Epoch 1/2 :", 69) + blank("Epoch 1/2 :", 69)
       + row1 + "\n")
check(fit, "Using CPU (x86_64, 2 CPU cores)\n" + header + "\n" + row1 + "\n")
# a metric with a long name: fastai pads a short value with 20+ spaces, which the row keeps
long_row = "0         0.950000" + " "*23 + "00:01     "
check("█\r" + bar(100, 1, 1, "Epoch 1/1 :") + blank("Epoch 1/1 :") + long_row + "\n", long_row + "\n")
# a bar alone (leave=False), and one interrupted by lr_find: the text printed after it, without a `\r`, stays
check("█\r\r" + bar(0, 0, 19) + bar(100, 19, 19) + blank("", 72) + "\n", "")
check("█\r" + bar(90, 9, 10, "Epoch 4/5 :") + "suggested learning rate: 1.6e-03\n", "suggested learning rate: 1.6e-03\n")
# a line rewritten with `\r` shows its last segment; warnings go from stderr only
check("10%\r50%\rdone\n", "done\n")
warn = "/x/y.py:3: UserWarning: careful\n  warnings.warn(\n"
check("real error\n" + warn, "real error\n", stderr=True)
print("tidy_outputs: ok")
