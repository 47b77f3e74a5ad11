"""ONNX export (opset 17, dynamic batch) + onnxruntime parity check against torch."""
import hashlib
import numpy as np
import torch

OPSET = 17
INPUTS = ["beat", "rhythm"]
OUTPUTS = ["logits", "cam", "embedding"]


def export(model, path, atol=1e-4):
    model = model.eval()
    beat = torch.randn(4, 1, 144)
    rhy = torch.randn(4, 7).clamp(-2, 2)
    dyn = {n: {0: "batch"} for n in INPUTS + OUTPUTS}
    kw = dict(input_names=INPUTS, output_names=OUTPUTS, dynamic_axes=dyn, opset_version=OPSET,
              do_constant_folding=True)
    try:  # torch >= 2.5: force the TorchScript exporter (dynamo path needs onnxscript)
        torch.onnx.export(model, (beat, rhy), path, dynamo=False, **kw)
    except TypeError:
        torch.onnx.export(model, (beat, rhy), path, **kw)
    verify(model, path, atol)
    return sha256(path)


def verify(model, path, atol=1e-4):
    """Fail loudly if onnxruntime and torch disagree (batch size differs from export's to test dynamic axis)."""
    import onnxruntime as ort
    g = torch.Generator().manual_seed(0)
    beat = torch.randn(37, 1, 144, generator=g)
    rhy = torch.randn(37, 7, generator=g).clamp(-2, 2)
    rhy[::3] = 0
    with torch.no_grad():
        ref = [t.numpy() for t in model.eval()(beat, rhy)]
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = sess.run(OUTPUTS, {"beat": beat.numpy(), "rhythm": rhy.numpy()})
    for name, a, b in zip(OUTPUTS, ref, got):
        err = float(np.abs(a - b).max())
        if a.shape != b.shape or err > atol:
            raise RuntimeError(f"ONNX parity FAILED for {path}:{name} shape {a.shape} vs {b.shape} max|diff|={err}")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ort_predict(paths, beat, rhythm, batch=2048):
    """Mean of the fold softmaxes (the shipped ensemble rule, no TTA) via onnxruntime."""
    import onnxruntime as ort
    probs = []
    for p in paths:
        s = ort.InferenceSession(p, providers=["CPUExecutionProvider"])
        lg = np.concatenate([s.run(["logits"], {"beat": beat[i:i + batch], "rhythm": rhythm[i:i + batch]})[0]
                             for i in range(0, len(beat), batch)])
        e = np.exp(lg - lg.max(1, keepdims=True))
        probs.append(e / e.sum(1, keepdims=True))
    return np.mean(probs, 0)
