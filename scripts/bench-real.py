# The PyTorch half of `npm run bench:real` (scripts/bench-real.ts starts it with /usr/bin/python3).
# Trains the network described in the job file on the same Fashion-MNIST IDX files, from the same
# initial weights, with the same optimiser (Adam, the loss summed over each batch, as nnet's
# trainer does) and the same batches (the sample order of every epoch comes from nnet's shuffle),
# and prints one JSON line per epoch: seconds of training, mean training loss, test accuracy.
import gzip, json, sys, time
import numpy as np
import torch

job = json.load(open(sys.argv[1]))
torch.set_num_threads(job["threads"])
dtype = torch.float64 if job["dtype"] == "float64" else torch.float32

def idx(path):
    raw = gzip.open(path, "rb").read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * d: 8 + 4 * d], "big") for d in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

def images(name):
    x = idx(job["data"] + "/" + name).reshape(-1, 784).astype(np.float64) * job["scale"]
    return torch.tensor(x, dtype=dtype)

x_train = images("train-images-idx3-ubyte.gz")
y_train = torch.tensor(idx(job["data"] + "/train-labels-idx1-ubyte.gz").astype(np.int64))
x_test = images("t10k-images-idx3-ubyte.gz")
y_test = torch.tensor(idx(job["data"] + "/t10k-labels-idx1-ubyte.gz").astype(np.int64))

sizes = job["sizes"]
initial = np.fromfile(job["weights"], dtype="<f8")
layers = []
at = 0
for k in range(len(sizes) - 1):
    bias = job["bias"][k]
    rows, cols = sizes[k + 1], sizes[k] + (1 if bias else 0)
    m = initial[at: at + rows * cols].reshape(rows, cols)
    at += rows * cols
    lin = torch.nn.Linear(sizes[k], sizes[k + 1], bias=bias).to(dtype)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(m[:, :sizes[k]], dtype=dtype))
        if bias:
            lin.bias.copy_(torch.tensor(m[:, -1], dtype=dtype))
    layers.append(lin)
    if k < len(sizes) - 2:
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=job["rate"], betas=(job["beta1"], job["beta2"]), eps=job["epsilon"])
loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
orders = np.fromfile(job["orders"], dtype="<u4").reshape(job["epochs"], -1)
batch = job["batch"]

for epoch in range(job["epochs"]):
    order = torch.tensor(orders[epoch].astype(np.int64))
    total = 0.0
    started = time.perf_counter()
    for start in range(0, len(order), batch):
        i = order[start: start + batch]
        opt.zero_grad()
        loss = loss_fn(model(x_train[i]), y_train[i])
        loss.backward()
        opt.step()
        total += loss.item()
    seconds = time.perf_counter() - started
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).double().mean().item()
    print(json.dumps({"epoch": epoch + 1, "seconds": seconds, "loss": total / len(order), "test_accuracy": accuracy}), flush=True)
