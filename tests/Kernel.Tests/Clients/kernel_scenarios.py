"""Scenarios that drive the ScoreNotebooks kernel through jupyter_client, the client library of every Jupyter
front end, and print what happened as one JSON object on stdout (the tests in Kernel.Tests assert on it).

usage: /usr/bin/python3 kernel_scenarios.py BATCH WORKDIR

A batch starts one kernel (kernelspec .net-csharp, or the one named by KERNEL_NAME) with its stderr written to
WORKDIR/kernel.log, and runs its scenarios in order. Each scenario's result, or the exception it raised, is kept
under its name; the kernel's log and its exit code after shutdown are added at the end.
"""
import hashlib
import hmac
import json
import os
import queue
import re
import sys
import time
import traceback
import uuid

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 60


class Kernel:
    def __init__(self, workdir, name):
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "kernel.log")
        self.log = open(self.log_path, "w")
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(stderr=self.log, cwd=workdir)
        self.process = self.km.provisioner.process
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def execute(self, code, allow_stdin=False, stop_on_error=True, wait=True):
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin, stop_on_error=stop_on_error)
        return self.collect(msg_id) if wait else msg_id

    def collect(self, msg_id, on_output=None):
        """iopub messages of one request up to its idle status, then its reply."""
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                if content["execution_state"] == "idle":
                    break
                continue
            outputs.append({"type": kind, "content": content, "session": msg["header"]["session"]})
            if on_output:
                on_output(outputs[-1])
        return {"reply": self.reply(msg_id), "outputs": outputs}

    def reply(self, msg_id):
        while True:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def raw_shell(self):
        """A DEALER socket of our own on the shell port, to send frames jupyter_client would never send."""
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"{self.km.transport}://{self.km.ip}:{self.km.shell_port}")
        return socket

    def alive_after(self):
        """The kernel still answers kernel_info and runs a cell."""
        msg_id = self.kc.kernel_info()
        self.reply(msg_id)
        return text_plain(self.execute("1 + 1"))

    def close(self):
        """Asks the kernel to shut down; its exit code is 0 when it ended by itself (jupyter_client kills it after 5 s)."""
        self.kc.stop_channels()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=False)
        self.log.close()
        return self.process.wait(timeout=10)


def text_plain(result):
    values = [o["content"]["data"]["text/plain"] for o in result["outputs"] if o["type"] == "execute_result"]
    return values[0] if values else None


def streams(result):
    return [o["content"]["text"] for o in result["outputs"] if o["type"] == "stream"]


# ---------------------------------------------------------------- the ordinary requests of a front end

def first_cells(k):
    """The first cells, sent at once while the kernel warms its compiler up: a framework value of one cell
    (System.Random) goes to a library method in the next, which needs both cells to see the same Random type."""
    first = k.execute('#r "nuget: MathNet.Numerics, 5.0.0"\nvar rng = new Random(5);')
    second = k.execute("MathNet.Numerics.Distributions.Normal.Sample(rng, 0.0, 1.0) is double")
    return {"statuses": [first["reply"]["status"], second["reply"]["status"]], "error": second["reply"].get("evalue"),
            "value": text_plain(second)}


def streaming(k):
    """The first line reaches the client while the cell waits for the client's answer (a file it creates)."""
    go = os.path.join(k.workdir, "go")
    code = (
        'Console.WriteLine("first");\n'
        "var stop = DateTime.UtcNow.AddSeconds(60);\n"
        f'while (!System.IO.File.Exists(@"{go}") && DateTime.UtcNow < stop) System.Threading.Thread.Sleep(10);\n'
        f'Console.WriteLine(System.IO.File.Exists(@"{go}") ? "second" : "never released");'
    )
    seen = {}

    def on_output(output):
        if output["type"] == "stream" and "first" in output["content"]["text"] and "reply_pending" not in seen:
            try:
                k.kc.get_shell_msg(timeout=0)
                seen["reply_pending"] = False
            except queue.Empty:
                seen["reply_pending"] = True
            open(go, "w").close()

    msg_id = k.kc.execute(code)
    result = k.collect(msg_id, on_output)
    return {"reply_pending_at_first_line": seen.get("reply_pending"), "streams": streams(result), "status": result["reply"]["status"]}


def stdin(k):
    code = 'Console.Write("name? ");\nvar name = Console.ReadLine();\nConsole.WriteLine($"hello {name}");'
    msg_id = k.kc.execute(code, allow_stdin=True)
    request = k.kc.get_stdin_msg(timeout=TIMEOUT)
    k.kc.input("Ada")
    allowed = k.collect(msg_id)
    refused = k.execute("Console.ReadLine()", allow_stdin=False)
    return {
        "input_request": request["content"],
        "input_parent_matches": request["parent_header"]["msg_id"] == msg_id,
        "streams": streams(allowed),
        "status": allowed["reply"]["status"],
        "refused": {k2: refused["reply"].get(k2) for k2 in ("status", "ename", "evalue")},
    }


def stop_on_error(k):
    ids = [k.kc.execute(code, stop_on_error=True) for code in ('throw new Exception("first fails");', "1", "2")]
    stopped = [k.reply(i) for i in ids]
    ids = [k.kc.execute(code, stop_on_error=False) for code in ('throw new Exception("fails alone");', "3")]
    going_on = [k.reply(i) for i in ids]
    pick = lambda r: {"status": r["status"], "ename": r.get("ename")}
    return {"stop": [pick(r) for r in stopped], "go_on": [pick(r) for r in going_on]}


def errors_keep_state(k):
    k.execute("var kept = 7;")
    failed = k.execute('throw new InvalidOperationException("boom");')
    compile_error = k.execute("var y = undefinedName;")
    return {
        "thrown": {x: failed["reply"].get(x) for x in ("status", "ename", "evalue")},
        "error_outputs": [o["content"]["ename"] for o in failed["outputs"] if o["type"] == "error"],
        "compile": {x: compile_error["reply"].get(x) for x in ("status", "ename", "evalue")},
        "kept": text_plain(k.execute("kept")),
    }


def complete_unicode(k):
    code = 'var s = "\U0001F600 \U0001D4A9"; Math.Sq'
    msg_id = k.kc.complete(code, len(code))
    reply = k.reply(msg_id)
    return {"code_points": len(code), "reply": reply}


def inspect(k):
    k.execute("var rng = new Random(1);")
    call = k.reply(k.kc.inspect("Math.Sqrt(", 10))
    variable = k.reply(k.kc.inspect("rng", 3))
    nothing = k.reply(k.kc.inspect("1 + 2", 1))
    return {"call": call, "variable": variable, "nothing": nothing}


def is_complete(k):
    return {code: k.reply(k.kc.is_complete(code)) for code in ("var x = 1;", "if (true) {", "var = ;")}


def charts(k):
    result = k.execute(
        '#r "nuget: Plotly.NET.CSharp, 0.14.0"\n'
        "display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }));"
    )
    display = [o for o in result["outputs"] if o["type"] == "display_data"][0]
    html = display["content"]["data"]["text/html"]
    return {
        "mimes": sorted(display["content"]["data"]),
        "element_ids": re.findall(r'<div id="([^"]+)"', html),
        "kernel_session": display["session"],
    }


def heartbeat(k):
    time.sleep(1.5)
    return {"beating": k.kc.hb_channel.is_beating()}


# ---------------------------------------------------------------- robustness: refused and malformed messages

def signed_frames(session, msg_type, content, header_override=None, raw_content=None):
    msg = session.msg(msg_type, content)
    if header_override is not None:
        msg["header"] = header_override
    parts = [session.pack(msg["header"]), session.pack({}), session.pack({}),
             raw_content if raw_content is not None else session.pack(content)]
    mac = hmac.new(session.key, digestmod=hashlib.sha256)
    for p in parts:
        mac.update(p)
    return [b"<IDS|MSG>", mac.hexdigest().encode()] + parts


def replies_within(socket, seconds, most=None):
    """The replies that arrive until none comes for `seconds` (or until `most` have come)."""
    replies = []
    while (most is None or len(replies) < most) and socket.poll(int(seconds * 1000)):
        frames = socket.recv_multipart()
        i = frames.index(b"<IDS|MSG>")
        replies.append({"header": json.loads(frames[i + 2]), "content": json.loads(frames[i + 5])})
    return replies


def bad_signature(k):
    marker = os.path.join(k.workdir, "bad-signature-ran")
    code = f'System.IO.File.WriteAllText(@"{marker}", "ran");'
    socket = k.raw_shell()
    Session(key=b"not-the-key").send(socket, "execute_request", {"code": code, "silent": False})
    Session(key=b"").send(socket, "execute_request", {"code": code, "silent": False})
    replies = replies_within(socket, 2)
    socket.close()
    return {"replies": len(replies), "ran": os.path.exists(marker), "alive": k.alive_after()}


def replay(k):
    marker = os.path.join(k.workdir, "replayed")
    session = Session(key=k.km.session.key)
    frames = session.serialize(session.msg("execute_request", {"code": f'System.IO.File.AppendAllText(@"{marker}", "x");', "silent": False}))
    socket = k.raw_shell()
    socket.send_multipart(frames)
    first = replies_within(socket, TIMEOUT, most=1)
    socket.send_multipart(frames)
    second = replies_within(socket, 2)
    socket.close()
    with open(marker) as f:
        runs = f.read()
    return {"first": [r["header"]["msg_type"] for r in first], "second": len(second), "runs": runs, "alive": k.alive_after()}


def malformed(k):
    session = Session(key=k.km.session.key)
    socket = k.raw_shell()
    socket.send_multipart([b"no delimiter at all"])
    socket.send_multipart([b"<IDS|MSG>", b"0123"])
    socket.send_multipart(signed_frames(session, "execute_request", {}, raw_content=b"{not json"))
    socket.send_multipart(signed_frames(session, "execute_request", {"code": "1"}, header_override={"msg_id": "x"}))
    socket.send_multipart(signed_frames(session, "execute_request", {"silent": False}))
    socket.send_multipart(signed_frames(session, "complete_request", {"code": "Math.Sq", "cursor_pos": 10**6}))
    socket.send_multipart(signed_frames(session, "inspect_request", {"code": 42, "cursor_pos": "x"}))
    socket.send_multipart(signed_frames(session, "no_such_request", {}))
    replies = replies_within(socket, 3)
    socket.close()
    return {
        "replies": [{"type": r["header"]["msg_type"], "status": r["content"].get("status"), "ename": r["content"].get("ename"),
                     "matches": r["content"].get("matches")} for r in replies],
        "alive": k.alive_after(),
    }


# ---------------------------------------------------------------- interrupt, restart, shutdown

def interrupt(k):
    results = {}
    for name, code in (("tight_loop", "while (true) { }"), ("sleep", "System.Threading.Thread.Sleep(600_000);")):
        msg_id = k.kc.execute(f'Console.WriteLine("started");\n{code}')
        started = False
        while not started:
            msg = k.kc.get_iopub_msg(timeout=TIMEOUT)
            started = msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
        k.km.interrupt_kernel()
        reply = k.reply(msg_id)
        results[name] = {x: reply.get(x) for x in ("status", "ename", "evalue")}
    # While idle there is nothing to stop. The interrupt travels apart from the next request (a signal, or
    # the control channel), so it is given a moment to arrive before the next cell is sent.
    k.km.interrupt_kernel()
    time.sleep(1)
    results["after"] = k.alive_after()
    return results


def restart(k):
    k.execute("var before = 1;")
    old = k.process
    k.km.restart_kernel(now=False)
    k.process = k.km.provisioner.process
    k.kc.wait_for_ready(timeout=TIMEOUT)
    after = k.execute("before")
    fresh = k.execute("2 + 2")
    return {
        "old_exit_code": old.wait(timeout=10),
        "new_process": k.process.pid != old.pid,
        "before_is_gone": after["reply"].get("ename"),
        "count_restarted": fresh["reply"]["execution_count"],
        "fresh": text_plain(fresh),
    }


# Each batch costs a kernel start; scenarios that leave the kernel as they found it share one.
BATCHES = {
    "session": [first_cells, streaming, stdin, stop_on_error, errors_keep_state, complete_unicode, inspect, is_complete, charts, heartbeat,
                bad_signature, replay, malformed, interrupt],
    "interrupt": [interrupt],
    "restart": [restart],
}


def main():
    batch, workdir = sys.argv[1], sys.argv[2]
    results = {}
    kernel = Kernel(workdir, os.environ.get("KERNEL_NAME", ".net-csharp"))
    try:
        for scenario in BATCHES[batch]:
            try:
                results[scenario.__name__] = scenario(kernel)
            except Exception:
                results[scenario.__name__] = {"exception": traceback.format_exc()}
    finally:
        results["exit_code"] = kernel.close()
        with open(kernel.log_path) as f:
            results["log"] = f.read()
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
