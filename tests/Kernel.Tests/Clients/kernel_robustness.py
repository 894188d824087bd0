"""Robustness scenarios for kernel_scenarios.py: messages a front end would never send (refused, malformed, repeated
keys) and a working folder that vanishes. Each takes the scenarios' Kernel and returns what happened as JSON-ready data.
"""
import hashlib
import hmac
import json
import os
import shutil
import uuid

from jupyter_client.session import Session

TIMEOUT = 60  # seconds, as in kernel_scenarios.py


def sign(session, header, parent_header=b"{}", metadata=b"{}", content=b"{}"):
    """Frames for four parts given as bytes, signed with the session's key: parts that session.pack could not write."""
    parts = [header, parent_header, metadata, content]
    mac = hmac.new(session.key, digestmod=hashlib.sha256)
    for p in parts:
        mac.update(p)
    return [b"<IDS|MSG>", mac.hexdigest().encode()] + parts


def signed_frames(session, msg_type, content, header_override=None, raw_content=None):
    msg = session.msg(msg_type, content)
    if header_override is not None:
        msg["header"] = header_override
    return sign(session, session.pack(msg["header"]),
                content=raw_content if raw_content is not None else session.pack(content))


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
    socket = k.raw_socket("shell")
    Session(key=b"not-the-key").send(socket, "execute_request", {"code": code, "silent": False})
    Session(key=b"").send(socket, "execute_request", {"code": code, "silent": False})
    replies = replies_within(socket, 2)
    socket.close()
    return {"replies": len(replies), "ran": os.path.exists(marker), "alive": k.alive_after()}


def replay(k):
    marker = os.path.join(k.workdir, "replayed")
    session = Session(key=k.km.session.key)
    frames = session.serialize(session.msg("execute_request", {"code": f'System.IO.File.AppendAllText(@"{marker}", "x");', "silent": False}))
    socket = k.raw_socket("shell")
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
    socket = k.raw_socket("shell")
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
        "replies": [dict(s, matches=r["content"].get("matches")) for s, r in zip(summary(replies), replies)],
        "alive": k.alive_after(),
    }


def summary(replies):
    return [{"type": r["header"]["msg_type"], "status": r["content"].get("status"), "ename": r["content"].get("ename"),
             "evalue": r["content"].get("evalue")} for r in replies]


def repeated_keys(k):
    """Signed messages that repeat a key, on shell and on control: in the header (dropped, as the header cannot say
    which request it is) and in the content (answered with an error). Then the same channel answers kernel_info."""
    session = Session(key=k.km.session.key)
    results = {}
    for channel, request in (("shell", b"execute_request"), ("control", b"kernel_info_request")):
        socket = k.raw_socket(channel)
        header = b'{"msg_id": "%s", "msg_id": "%s", "msg_type": "kernel_info_request", "session": "s", "username": "u", ' \
                 b'"version": "5.3", "date": "2026-01-01T00:00:00Z"}' % (uuid.uuid4().hex.encode(), uuid.uuid4().hex.encode())
        socket.send_multipart(sign(session, header))
        socket.send_multipart(sign(session, session.pack(session.msg_header(request.decode())),
                                   content=b'{"code": "1", "code": "2", "silent": false}'))
        replies = replies_within(socket, TIMEOUT, most=1)
        info = session.msg("kernel_info_request", {})
        socket.send_multipart(session.serialize(info))
        answer = replies_within(socket, TIMEOUT, most=1)
        socket.close()
        results[channel] = {"replies": summary(replies),
                            "kernel_info": [r["content"]["status"] for r in answer if r["header"]["msg_type"] == "kernel_info_reply"]}
    results["alive"] = k.alive_after()
    return results


def vanished_folder(k):
    """The kernel's working folder is deleted by a cell, then from outside: each next cell fails with an error that
    names the folder, and the kernel keeps answering; once the folder is back, cells run with their variables."""
    folder = k.cwd
    results = {"deleting": k.execute(f'var kept = 1;\nSystem.IO.Directory.Delete(@"{folder}", recursive: true);')["reply"]["status"]}
    gone = k.execute("kept")["reply"]
    results["after_cell"] = {x: gone.get(x) for x in ("status", "ename", "evalue")}
    results["kernel_info"] = k.reply(k.kc.kernel_info())["status"]
    os.makedirs(folder)
    results["back"] = [o["content"]["data"]["text/plain"] for o in k.execute("kept + 1")["outputs"] if o["type"] == "execute_result"]
    shutil.rmtree(folder)
    gone = k.execute("kept")["reply"]
    results["after_outside"] = {x: gone.get(x) for x in ("status", "ename", "evalue")}
    os.makedirs(folder)
    results["alive"] = k.alive_after()
    return results
