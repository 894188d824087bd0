"""Scenarios that drive the ScoreNotebooks kernel through jupyter_client, the client library of every Jupyter
front end, and print what happened as one JSON object on stdout (the tests in Kernel.Tests assert on it).

usage: /usr/bin/python3 kernel_scenarios.py BATCH WORKDIR

A batch starts one kernel (kernelspec .net-csharp, or the one named by KERNEL_NAME) with its stderr written to
WORKDIR/kernel.log, and runs its scenarios in order. Each scenario's result, or the exception it raised, is kept
under its name; the kernel's log and its exit code after shutdown are added at the end.
"""
import json
import os
import queue
import re
import sys
import time
import traceback

import zmq
from jupyter_client.manager import KernelManager
from kernel_robustness import bad_signature, malformed, repeated_keys, replay, vanished_folder

TIMEOUT = 60


class Kernel:
    def __init__(self, workdir, name, folder=None):
        """A kernel started in WORKDIR, or in its subfolder `folder` (made here) for scenarios that delete it."""
        self.workdir = workdir
        self.cwd = os.path.join(workdir, folder) if folder else workdir
        os.makedirs(self.cwd, exist_ok=True)
        self.log_path = os.path.join(workdir, "kernel.log")
        self.log = open(self.log_path, "w")
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(stderr=self.log, cwd=self.cwd)
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

    def raw_socket(self, channel):
        """A DEALER socket of our own on the shell, control or stdin port, to send frames jupyter_client would never send."""
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"{self.km.transport}://{self.km.ip}:{getattr(self.km, channel + '_port')}")
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
        "plotly_json_type": type(display["content"]["data"]["application/vnd.plotly.v1+json"]).__name__.replace("dict", "object"),
        "kernel_session": display["session"],
    }


def heartbeat(k):
    time.sleep(1.5)
    return {"beating": k.kc.hb_channel.is_beating()}


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
                bad_signature, replay, malformed, repeated_keys, interrupt],
    "interrupt": [interrupt],
    "restart": [restart],
    "vanished_folder": [vanished_folder],
}
# Batches whose kernel starts in a subfolder of the work folder, which they may delete (the log stays beside it).
FOLDERS = {"vanished_folder": "notebook"}


def main():
    batch, workdir = sys.argv[1], sys.argv[2]
    results = {}
    kernel = Kernel(workdir, os.environ.get("KERNEL_NAME", ".net-csharp"), FOLDERS.get(batch))
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
