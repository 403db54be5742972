"""Batches for bench/run.sh, built from corpus/*.txt (our own covenants).

batch-N/    N covenants in district/commune/village folders; each is three
            corpus covenants joined, about 20 KB, as hit-dense as the corpus
oneline-S.txt   corpus text with every line break made a space, S MB
small/      10,000 files of 1-2 KB: the head of a covenant, its title kept
"""
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
sizes = [int(s) for s in sys.argv[2:]]
corpus = sorted(pathlib.Path("corpus").glob("*.txt"))
texts = [p.read_text(encoding="utf-8") for p in corpus]


def write(path, text):
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


for n in sizes:
    for k in range(n):
        parts = [texts[k % len(texts)], texts[(k + 7) % len(texts)], texts[(k + 19) % len(texts)]]
        write(out / f"batch-{n}" / f"huyen-{k % 10}" / f"xa-{k % 50}" / f"thon-{k}.txt", "\n".join(parts))

joined = " ".join(t.replace("\n", " ") for t in texts)
for s in ["0.25", "1", "2", "4"]:
    want = int(float(s) * 1_000_000)
    body = (joined * (want // len(joined.encode()) + 1)).encode()[:want].decode("utf-8", "ignore")
    write(out / f"oneline-{s}.txt", body)

for k in range(10_000):
    t = texts[k % len(texts)]
    cut = 1000 + (k * 37) % 1000
    head = t.encode()[:cut].decode("utf-8", "ignore")
    head = head[: head.rfind("\n") + 1] or head
    write(out / "small" / f"s{k // 1000}" / f"t{k}.txt", head)
