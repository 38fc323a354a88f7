// The training half of the exported PyTorch file: the same batches in the same order as the
// engine (file order online and full-batch; mini-batches shuffled by the engine's own seeded
// generator, ported below), the optimizer of the file's `train` line, and data-parallel
// training with DistributedDataParallel whose gradient scaling keeps the result equal to one
// process on the same global batch.

/** Python: the engine's generator (src/core/model/random.ts), bit for bit. */
export const PYTHON_RANDOM = `
_M = 0xFFFFFFFF


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & _M


class EngineRandom:
    """xoshiro128** seeded through splitmix32, exactly as nnet's engine shuffles mini-batches."""

    def __init__(self, seed, stream=0):
        state = (seed ^ ((stream * 0x632BE5AB) & _M)) & _M
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B9) & _M
            z = state
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & _M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & _M
            words.append((z ^ (z >> 16)) & _M)
        self.s = words

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & _M, 7) * 9) & _M
        t = (s1 << 9) & _M
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992

    def shuffle(self, order):
        for i in range(len(order) - 1, 0, -1):
            j = int(self.next_double() * (i + 1))
            order[i], order[j] = order[j], order[i]
`;

/** Python: optimizer, epoch loop, the data-parallel driver and the command line. */
export const PYTHON_TRAINING = `

def make_optimizer(parameters):
    if TRAIN["method"] == "backprop":
        return torch.optim.SGD(parameters, lr=TRAIN["rate"], momentum=TRAIN["momentum"])
    if TRAIN["method"] == "adam":
        return torch.optim.Adam(parameters, lr=TRAIN["rate"], betas=(TRAIN["beta1"], TRAIN["beta2"]), eps=TRAIN["epsilon"])
    # iRPROP+ in nnet; see the note at the top of this file for how torch's Rprop differs.
    return torch.optim.Rprop(parameters, lr=0.1, etas=(0.5, 1.2), step_sizes=(1e-6, 50.0))


def batch_size():
    count = inputs.shape[0]
    size = TRAIN["batch_size"]
    if TRAIN["method"] == "rprop" or size <= 0:
        return max(1, count)
    return min(max(1, count), size)


def train(net, epochs, rank=0, world_size=1, device=torch.device("cpu"), log=print):
    """Trains \`net\` in place; with world_size > 1 each process takes every world_size-th sample of each batch."""
    optimizer = make_optimizer(net.parameters())
    count = inputs.shape[0]
    size = batch_size()
    order = list(range(count))
    shuffle = 1 < size < count
    random = EngineRandom(TRAIN["seed"])
    x_all, t_all = inputs.to(device), targets.to(device)
    history = []
    for epoch in range(1, epochs + 1):
        if shuffle:
            random.shuffle(order)
        loss_sum = torch.zeros((), device=device)
        squared_sum = torch.zeros((), device=device)
        for start in range(0, count, size):
            mine = order[start:start + size][rank::world_size]
            x, t = x_all[mine], t_all[mine]
            optimizer.zero_grad()
            output = net(x)
            loss = loss_fn(output, t)
            # DDP averages gradients over the processes; the loss is a sum over samples, so
            # scaling by world_size makes the averaged gradient the whole batch's sum.
            (loss * world_size).backward()
            optimizer.step()
            loss_sum += loss.detach()
            squared_sum += ((t - output.detach()) ** 2).sum()
        if world_size > 1:
            torch.distributed.all_reduce(loss_sum)
            torch.distributed.all_reduce(squared_sum)
        loss_mean = loss_sum.item() / max(1, count)
        mse = squared_sum.item() / max(1, count * targets.shape[1])
        history.append(loss_mean)
        stopping = mse if LOSS == "mse" else loss_mean
        if rank == 0 and (epoch == epochs or epoch % max(1, epochs // 10) == 0):
            log(f"epoch {epoch}: loss {loss_mean:.10g}, mse {mse:.10g}")
        if TRAIN["until"] is not None and stopping <= TRAIN["until"]:
            if rank == 0:
                log(f"stopped at epoch {epoch}: error {stopping:.10g} <= {TRAIN['until']}")
            break
    return history


def weights_json(net):
    return json.dumps({name: p.detach().cpu().tolist() for name, p in net.named_parameters()})


def _exit_with_parent(parent):
    # A worker started by --workers ends when the launching process is gone (killed, say),
    # instead of waiting on its peers until the process-group timeout.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _worker(rank, world_size, epochs, init_method, save, watch_parent=True):
    if watch_parent:
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    torch.set_num_threads(1)
    use_cuda = torch.cuda.is_available() and torch.cuda.device_count() >= world_size
    backend = "nccl" if use_cuda else "gloo"
    torch.distributed.init_process_group(backend, init_method=init_method, rank=rank, world_size=world_size, timeout=datetime.timedelta(minutes=5))
    device = torch.device(f"cuda:{rank}") if use_cuda else torch.device("cpu")
    # Each process has its own \`model\` (spawned processes import this file anew), fixed weights masked.
    net = model.to(device)
    ddp = torch.nn.parallel.DistributedDataParallel(net, device_ids=[rank] if use_cuda else None)
    train(ddp, epochs, rank, world_size, device)
    if rank == 0 and save:
        with open(save, "w") as f:
            f.write(weights_json(net))
    # Past this barrier every process has finished every collective. Then leave without
    # running the process group's destructor: in torch 1.13 it joins gloo's worker threads
    # while holding the GIL, and a worker thread still freeing the last all-reduced tensor
    # (whose Python object Python has just let go) waits for that GIL, so both wait forever.
    # That is what made \`--workers 2\` hang now and then; os._exit skips the destructor.
    torch.distributed.barrier()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=f"Train {NETWORK} as nnet does.")
    parser.add_argument("--epochs", type=int, default=TRAIN["epochs"], help="passes over the samples")
    parser.add_argument("--workers", type=int, default=1, help="data-parallel processes on this machine (DDP)")
    parser.add_argument("--save-weights", metavar="FILE", help="write the trained weights as JSON")
    args = parser.parse_args()
    if "WORLD_SIZE" in os.environ and "RANK" in os.environ:
        # Across machines: torchrun or your scheduler sets MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE.
        _worker(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), args.epochs, "env://", args.save_weights, False)
    elif args.workers > 1:
        init = f"tcp://127.0.0.1:{_free_port()}"
        torch.multiprocessing.spawn(_worker, args=(args.workers, args.epochs, init, args.save_weights), nprocs=args.workers)
    else:
        train(model, args.epochs)
        if args.save_weights:
            with open(args.save_weights, "w") as f:
                f.write(weights_json(model))


if __name__ == "__main__":
    main()
`;
