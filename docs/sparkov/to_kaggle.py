"""Joins the Sparkov generator's per-profile output (pipe-separated) into the layout of the Kaggle
"Credit Card Transactions Fraud Detection" files (fraudTrain.csv): an unnamed index column, then
trans_date_trans_time, cc_num, merchant, category, amt, first, last, gender, street, city, state, zip,
lat, long, city_pop, job, dob, trans_num, unix_time, merch_lat, merch_long, is_fraud; rows in time order.

Usage: python3 to_kaggle.py OUTPUT_DIR CUSTOMERS SPLIT_DATE TRAIN.csv LATER.csv
  CUSTOMERS   keep the first N card numbers (in order of first appearance in the sorted files), 0 = all
  SPLIT_DATE  payments before this date (YYYY-MM-DD) go to TRAIN.csv, the rest to LATER.csv
"""
import csv
import glob
import os
import sys

out_dir, customers, split, train_path, later_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
KAGGLE = ["trans_date_trans_time", "cc_num", "merchant", "category", "amt", "first", "last", "gender", "street", "city", "state",
          "zip", "lat", "long", "city_pop", "job", "dob", "trans_num", "unix_time", "merch_lat", "merch_long", "is_fraud"]
rows = []
for path in sorted(glob.glob(os.path.join(out_dir, "*.csv"))):
    if os.path.basename(path) == "customers.csv":
        continue
    with open(path, newline="") as f:
        for r in csv.DictReader(f, delimiter="|"):
            r["trans_date_trans_time"] = r["trans_date"] + " " + r["trans_time"]
            rows.append(r)
if customers > 0:
    keep = []
    for r in sorted(rows, key=lambda r: r["cc_num"]):
        if r["cc_num"] not in keep:
            keep.append(r["cc_num"])
            if len(keep) == customers:
                break
    keep = set(keep)
    rows = [r for r in rows if r["cc_num"] in keep]
rows.sort(key=lambda r: (int(r["unix_time"]), r["trans_num"]))
counts = {}
for path, part in ((train_path, [r for r in rows if r["trans_date"] < split]), (later_path, [r for r in rows if r["trans_date"] >= split])):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([""] + KAGGLE)
        for i, r in enumerate(part):
            w.writerow([i] + [r[c] for c in KAGGLE])
    counts[path] = (len(part), sum(1 for r in part if r["is_fraud"] == "1"))
for path, (n, fraud) in counts.items():
    print(f"{path}: {n} payments, {fraud} fraud ({100.0 * fraud / max(1, n):.2f} %), {len(set(r['cc_num'] for r in rows))} cards")
