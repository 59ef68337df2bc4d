"""Side-by-side top-10 tags of ours and YAKE, and precision@10 of each
against the labelled set. Called by ./run; see labels.txt for the matching
rule."""

import argparse
import os
import re
import shlex
import subprocess

import yake


def norm(text):
    """The matching key of labels.txt: case, hyphens, possessives, plurals."""
    t = text.lower().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[-·‐‑]", " ", t)
    words = []
    for w in t.split():
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(words)


def read_labels(path):
    labels, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("# ") or line == "#":
                continue
            if line.startswith("## "):
                current = line[3:].strip()
                labels[current] = []
            elif current is not None:
                labels[current].append({norm(x) for x in line.split(" | ")})
    return labels


def our_stop_list(path):
    """The English lists of crates/transcript-core/src/topics/stopwords.rs,
    to show how much of the difference is the stop list alone."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    words = set()
    for name in ("EN", "EN_SPEECH"):
        body = re.search(r"const %s: &\[&str\] = &\[(.*?)\];" % name, src, re.S).group(1)
        words.update(re.findall(r'"([^"]*)"', body))
    return words


def hits(tags, topics):
    """For each tag, the index of the labelled topic it matches (each topic
    counted once), or None."""
    used, out = set(), []
    for tag in tags:
        n = norm(tag)
        found = None
        for i, forms in enumerate(topics):
            if n in forms and i not in used:
                found = i
                break
        if found is not None:
            used.add(found)
        out.append(found)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", required=True)
    ap.add_argument("--ours", required=True)
    ap.add_argument("--stopwords", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    labels = read_labels(args.labels)
    ours_cmd = shlex.split(args.ours)
    kw = yake.KeywordExtractor(lan="en", n=3, dedupLim=0.9, windowsSize=1, top=10)
    kw_ours_stop = yake.KeywordExtractor(lan="en", n=3, dedupLim=0.9, windowsSize=1, top=10,
                                         stopwords=our_stop_list(args.stopwords))
    totals = {"ours": [0, 0], "yake": [0, 0], "yake+stop": [0, 0]}
    for path in args.files:
        name = os.path.basename(path)
        if name not in labels:
            continue
        text = subprocess.run(ours_cmd + [path, "--text"], check=True,
                              capture_output=True, text=True).stdout
        tsv = subprocess.run(ours_cmd + [path, "--tsv", "--top", "10"], check=True,
                             capture_output=True, text=True).stdout
        ours = [line.split("\t")[0] for line in tsv.splitlines() if line.strip()]
        theirs = [k for k, _ in kw.extract_keywords(text)]
        topics = labels[name]
        h_ours, h_yake = hits(ours, topics), hits(theirs, topics)
        print(f"## {name}\n")
        print("| # | ours | | YAKE 0.7.3 | |")
        print("|---|---|---|---|---|")
        for i in range(10):
            o = ours[i] if i < len(ours) else ""
            y = theirs[i] if i < len(theirs) else ""
            mo = "✓" if i < len(h_ours) and h_ours[i] is not None else ""
            my = "✓" if i < len(h_yake) and h_yake[i] is not None else ""
            print(f"| {i + 1} | {o} | {mo} | {y} | {my} |")
        po = sum(x is not None for x in h_ours)
        py = sum(x is not None for x in h_yake)
        no, ny = max(1, min(10, len(ours))), max(1, min(10, len(theirs)))
        totals["ours"][0] += po
        totals["ours"][1] += no
        totals["yake"][0] += py
        totals["yake"][1] += ny
        theirs2 = [k for k, _ in kw_ours_stop.extract_keywords(text)]
        ps = sum(x is not None for x in hits(theirs2, topics))
        ns = max(1, min(10, len(theirs2)))
        totals["yake+stop"][0] += ps
        totals["yake+stop"][1] += ns
        print(f"\nprecision@10: ours {po}/{no} = {po / no:.2f}, YAKE {py}/{ny} = {py / ny:.2f}"
              f" (YAKE with our English stop list: {ps}/{ns} = {ps / ns:.2f}: {', '.join(theirs2)})\n")
    o, y, z = totals["ours"], totals["yake"], totals["yake+stop"]
    print("## Overall (micro-averaged over the transcripts)\n")
    print(f"precision@10: ours {o[0]}/{o[1]} = {o[0] / max(1, o[1]):.2f}, "
          f"YAKE {y[0]}/{y[1]} = {y[0] / max(1, y[1]):.2f}, "
          f"YAKE with our English stop list {z[0]}/{z[1]} = {z[0] / max(1, z[1]):.2f}")


if __name__ == "__main__":
    main()
