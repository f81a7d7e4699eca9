#!/usr/bin/env python3
"""Edit-to-reload time of `minutebook serve` (issue: incremental rebuilds).

Starts `minutebook serve --port 0` on a site, listens to the live-reload
event stream like a browser does, then edits one review N times and measures
(a) the time from the file write to the `reload` event, and (b) to the changed
page being served. Prints the median and the worst.

    cargo build --release
    cargo run --release --example gen_corpus -- --reviews 1000 /tmp/mb-1000
    python3 bench/serve_reload.py target/release/minutebook /tmp/mb-1000 --as-of 2026-01-01
"""
import argparse, glob, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("site")
    ap.add_argument("--as-of", default="2026-01-01")
    ap.add_argument("--edits", type=int, default=10)
    a = ap.parse_args()

    # Work on a copy where the newest review, the one being drafted, is not
    # signed yet: editing a signed review is MB050 (an error, so no reload).
    work = tempfile.mkdtemp(prefix="mb-serve-bench-")
    shutil.copytree(a.site, os.path.join(work, "site"), symlinks=True)
    a.site = os.path.join(work, "site")
    reviews = sorted(glob.glob(os.path.join(a.site, "content/reviews/*.md")))
    target = reviews[-1]
    rel = os.path.relpath(target, os.path.join(a.site, "content"))
    signoffs = os.path.join(a.site, "content/signoffs.yaml")
    if os.path.exists(signoffs):
        entries = open(signoffs).read().split("\n- ")
        kept = [e for e in entries if not e.lstrip("- ").startswith("document: " + rel + "\n")]
        text = "\n- ".join(kept)
        open(signoffs, "w").write(text if text.endswith("\n") else text + "\n")
    original = open(target, "rb").read()
    # serve's output goes to a file: it prints every warning at each build,
    # and an unread pipe would block it.
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([a.binary, "serve", "--port", "0", "--root", a.site, "--as-of", a.as_of],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        start = time.time()
        while time.time() - start < 300 and url is None:
            time.sleep(0.1)
            for line in open(log_path):
                if "http://" in line:
                    url = line[line.index("http://"):].split()[0]
                    break
        if not url:
            sys.exit("serve printed no URL")
        host, port = url[len("http://"):].rstrip("/").split(":")
        sse = socket.create_connection((host, int(port)))
        # The Host header must name the server: serve refuses other hosts
        # (DNS rebinding), and closed this stream when it said "x".
        sse.sendall(b"GET /__minutebook/events HTTP/1.1\r\nHost: %s:%s\r\nAccept: text/event-stream\r\n\r\n"
                    % (host.encode(), port.encode()))
        sse.settimeout(30)
        time.sleep(1.0)
        slug = os.path.basename(target)
        reloads, pages = [], []
        for n in range(a.edits):
            text = original.replace(b"\n## ", b"\nEdited %d. \n## " % n, 1)
            buf = b""
            t0 = time.perf_counter()
            with open(target, "wb") as f:
                f.write(text)
            while b"event: reload" not in buf:
                chunk = sse.recv(65536)
                if not chunk:
                    sys.exit("event stream closed")
                buf += chunk
                if b"event: findings" in buf:
                    sys.exit("rebuild failed: " + buf.decode(errors="replace"))
            t1 = time.perf_counter()
            # The page of the edited review, rendered on demand.
            doc_id = None
            for line in text.decode().splitlines():
                if line.startswith("id: "):
                    doc_id = line[4:].strip().lower()
                    break
            body = urllib.request.urlopen(f"{url}reviews/{doc_id}/index.html", timeout=30).read()
            t2 = time.perf_counter()
            assert b"Edited %d." % n in body, "the served page does not show the edit"
            reloads.append((t1 - t0) * 1000)
            pages.append((t2 - t0) * 1000)
            time.sleep(0.3)
        print(f"site: {a.site} ({len(reviews)} reviews), edits: {a.edits}, file: {slug}")
        print(f"write -> reload event:   median {statistics.median(reloads):.0f} ms, worst {max(reloads):.0f} ms")
        print(f"write -> page served:    median {statistics.median(pages):.0f} ms, worst {max(pages):.0f} ms")
        log.flush()
        took = [int(m) for m in re.findall(r"built \d+ files in (\d+) ms", open(log_path).read())][1:]
        if took:
            print(f"serve's own rebuild time: median {statistics.median(took):.0f} ms, worst {max(took):.0f} ms")
    finally:
        with open(target, "wb") as f:
            f.write(original)
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
