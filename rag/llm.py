"""LLM backends behind one interface: chat messages in, a stream of text pieces out.

Each backend implements ``stream``; ``complete`` is built on it. Implementations are
imported lazily, so importing ``rag`` never loads llama.cpp or opens a connection.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar

if TYPE_CHECKING:
    from rag.settings import Settings


T = TypeVar("T")
log = logging.getLogger(__name__)


class Message(TypedDict):
    role: str  # "system" | "user" | "assistant"
    content: str


class LLMUnavailable(RuntimeError):
    """The model cannot be reached, timed out, or is not provisioned."""


class LLMTimeout(LLMUnavailable):
    """A generation ran past ``llm_timeout_s``."""


class LLMBusy(LLMUnavailable):
    """Too many questions are already waiting for the model; try again shortly."""


def within(pieces: Iterator[T], seconds: float, who: str) -> Iterator[T]:
    """Stop a generation that runs past ``seconds`` in total. A server's client timeout
    catches silence; this catches a model that keeps talking too slowly."""
    deadline = time.monotonic() + seconds
    try:
        for piece in pieces:
            if time.monotonic() > deadline:
                raise LLMTimeout(f"{who} took longer than {seconds:g} s to answer (RAG_LLM_TIMEOUT_S)")
            yield piece
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()  # frees the model (llama.cpp) or the connection (servers) at once


class LLM(Protocol):
    name: str
    judges: bool  # yes_probability gives opinions

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]: ...

    def complete(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> str: ...

    def health(self) -> None:
        """Raise ``LLMUnavailable`` when the backend cannot answer."""
        ...

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        """P("yes") against P("no") as the reply's first token; None when the backend
        cannot tell (the checker's rules then stand alone)."""
        ...


def yes_share(top: Sequence[tuple[str, float]]) -> float | None:
    """P(yes) / (P(yes) + P(no)) from (token, log-probability) pairs of one position.

    >>> round(yes_share([("Yes", -0.1), (" no", -2.5), ("Maybe", -3.0)]), 3)
    0.917
    >>> yes_share([("Maybe", -0.1)]) is None
    True
    """
    yes = sum(math.exp(lp) for t, lp in top if t.strip().lower() == "yes")
    no = sum(math.exp(lp) for t, lp in top if t.strip().lower() == "no")
    return yes / (yes + no) if yes + no > 0 else None


class BaseLLM:
    """Backends implement ``stream``; ``complete`` derives from it unless a backend has a better way."""

    name = "base"
    judges = False

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]:
        raise NotImplementedError

    def complete(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> str:
        return "".join(self.stream(messages, max_tokens, temperature))

    def health(self) -> None:
        return None

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        return None


class LlamaCppLLM(BaseLLM):
    """llama-cpp-python in process, with the GGUF's own chat template.

    One model per process; a llama.cpp context is not thread-safe, so one generation
    runs at a time. Others wait their turn, at most ``max_waiting`` of them: beyond
    that a question is refused at once (``LLMBusy``) rather than left to wait minutes.
    """

    judges = True

    def __init__(
        self,
        model_path: Path,
        n_ctx: int = 4096,
        n_threads: int = 2,
        timeout: float = 120.0,
        max_waiting: int = 16,
        state_dir: Path | None = None,
    ) -> None:
        self.model_path = model_path
        # Where the judges' evaluated constant prompts are kept between processes (None: not kept).
        self.state_dir = state_dir
        self.name = model_path.stem
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.timeout = timeout
        self.max_waiting = max_waiting
        self._llama: Any = None
        self._lock = threading.Lock()
        self._queue = threading.Lock()  # guards _waiting
        self._waiting = 0
        self._yes_no: dict[str, list[int]] | None = None
        self._siblings: dict[str, LlamaCppLLM] = {}

    def _load(self) -> Any:
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=str(self.model_path),
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                seed=0,
                verbose=False,
            )
        return self._llama

    def sibling(self, n_ctx: int = 2048, role: str = "judge") -> LlamaCppLLM:
        """The same model in a context of its own (the weights are one file, mapped once more):
        a judge keeps its long constant prompt evaluated there, and can run between the
        pieces of an answer this context is still generating. One per model and ``role``
        (two judges with different prompts in one context would evaluate theirs in turn):
        every pipeline built on this model shares it."""
        with self._queue:
            if role not in self._siblings:
                self._siblings[role] = LlamaCppLLM(
                    self.model_path, n_ctx, self.n_threads, self.timeout, self.max_waiting, self.state_dir
                )
            return self._siblings[role]

    def forget_prompt(self) -> None:
        """Drop llama.cpp's evaluated-prompt cache, so the next call evaluates its prompt in
        full (benchmarks time calls alike this way)."""
        if self._llama is not None:
            with self._lock:
                self._llama.reset()

    def _take_turn(self) -> None:
        with self._queue:
            if self._waiting >= self.max_waiting:
                raise LLMBusy(f"the local model is busy ({self._waiting} waiting); try again shortly")
            self._waiting += 1
        try:
            # Bounded without a timeout of its own: every holder stops within its deadline.
            self._lock.acquire()
        finally:
            with self._queue:
                self._waiting -= 1

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]:
        self._take_turn()
        try:
            llama = self._load()
            chunks = llama.create_chat_completion(
                messages=list(messages), max_tokens=max_tokens, temperature=temperature, seed=0, stream=True
            )
            pieces = (c["choices"][0]["delta"].get("content") for c in chunks)
            # The deadline starts after the wait for the turn: queueing is bounded separately.
            for piece in within(pieces, self.timeout, "the local model"):
                if piece:
                    yield piece
        finally:
            self._lock.release()

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        """One forward pass: the first reply token's logits, read by a logits processor (no
        ``logits_all``, so llama.cpp keeps reusing the evaluated prompt prefix)."""
        self._take_turn()
        try:
            llama = self._load()
            seen: list[Any] = []

            def capture(ids: Any, scores: Any) -> Any:
                seen.append(scores.copy())
                return scores

            from llama_cpp import LogitsProcessorList

            self._warm(llama, messages)
            llama.create_chat_completion(
                messages=list(messages),
                max_tokens=1,
                temperature=0.0,
                seed=0,
                logits_processor=LogitsProcessorList([capture]),
            )
            if not seen:
                return None
            scores = seen[0]
            top = float(scores.max())
            return yes_share(
                [(w, float(scores[i]) - top) for w, ids in self._answer_tokens(llama).items() for i in ids]
            )
        finally:
            self._lock.release()

    def _constant_prefix(self, llama: Any, messages: Sequence[Message]) -> list[int] | None:
        """The prompt's tokens before the last message's text, rendered by the GGUF's own
        chat template as llama-cpp-python renders it; None without a template."""
        template = llama.metadata.get("tokenizer.chat_template")
        if not template or len(messages) < 2:
            return None
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        eos, bos = (
            llama.detokenize([t], special=True).decode(errors="ignore")
            for t in (llama.token_eos(), llama.token_bos())
        )
        render: Any = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)

        def tokens(last: str) -> list[int]:
            shown = render(messages=[*messages[:-1], {"role": messages[-1]["role"], "content": last}])
            return list(llama.tokenize(shown.prompt.encode(), add_bos=not shown.added_special, special=True))

        full, empty = tokens(messages[-1]["content"]), tokens("")
        pairs = enumerate(zip(full, empty, strict=False))
        same = next((i for i, (x, y) in pairs if x != y), min(len(full), len(empty)))
        # One token short: the last shared one may merge with the text after it.
        return full[: same - 1] if same > 1 else None

    def _prefix_file(self, messages: Sequence[Message]) -> Path | None:
        """Where the evaluated constant prompt of ``messages`` is kept: named by everything the
        state depends on, so a changed prompt, model file or llama.cpp never loads a stale one."""
        if self.state_dir is None:
            return None
        import llama_cpp

        st = self.model_path.stat()
        key = [self.model_path.name, st.st_size, st.st_mtime_ns, llama_cpp.__version__, self.n_ctx]
        digest = hashlib.sha256(json.dumps([key, list(messages[:-1])]).encode()).hexdigest()[:24]
        return self.state_dir / f"{digest}.npz"

    def _warm(self, llama: Any, messages: Sequence[Message]) -> None:
        """Evaluate a fresh context's constant prompt (a judge's system prompt and worked
        examples) on its own, or load it as an earlier process kept it: a new process (a `rag
        check`, a test's CLI) then skips 20 s on two cores, and every process computes P(yes)
        on the same evaluated prefix, so two processes agree on a judgement."""
        if llama.n_tokens > 0:
            return
        try:
            prefix = self._constant_prefix(llama, messages)
        except Exception as exc:  # a template llama-cpp-python renders but we cannot: no warm start
            log.warning(
                "could not render the constant prompt (%s); it is evaluated with the first call, as before",
                exc,
            )
            return
        if prefix is None:
            return
        path = self._prefix_file(messages)
        if path is not None and path.is_file() and self._load_prefix(llama, path, prefix):
            return
        llama.eval(prefix)
        if path is not None:
            self._keep_prefix(llama, path)

    def _load_prefix(self, llama: Any, path: Path, prefix: list[int]) -> bool:
        import numpy as np
        from llama_cpp import LlamaState

        try:
            with np.load(path, allow_pickle=False) as kept:
                ids, state = kept["ids"], kept["state"]
            if ids.tolist() != prefix:
                raise ValueError("it holds another prompt")
            # input_ids is the context's whole token buffer; only the first n_tokens count.
            padded = np.zeros(llama.n_ctx(), dtype=np.intc)
            padded[: len(ids)] = ids
            blob = state.tobytes()
            no_scores = np.zeros((1, llama.n_vocab()), dtype=np.single)  # the next token recomputes them
            llama.load_state(LlamaState(padded, no_scores, len(ids), blob, len(blob), 0))
            return True
        except Exception as exc:  # truncated or foreign: evaluate the prompt as if none were kept
            log.warning("could not load the kept prompt state %s (%s); evaluating it afresh", path, exc)
            llama.reset()
            path.unlink(missing_ok=True)
            return False

    def _keep_prefix(self, llama: Any, path: Path) -> None:
        """Write the evaluated prefix for the next process; atomically, as two processes may
        write it at once."""
        try:
            import numpy as np

            state = llama.save_state()
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
            with tmp.open("wb") as f:
                np.savez(
                    f,
                    ids=np.asarray(state.input_ids[: state.n_tokens], dtype=np.intc),
                    state=np.frombuffer(state.llama_state, dtype=np.uint8),
                )
            os.replace(tmp, path)
        # A read-only cache or a state llama.cpp fails to copy costs speed, never a judgement.
        except (OSError, RuntimeError) as exc:
            log.warning("could not keep the prompt state in %s: %s", path, exc)

    def _answer_tokens(self, llama: Any) -> dict[str, list[int]]:
        """Single tokens that spell yes or no, in their common casings and spacings."""
        if self._yes_no is None:
            found: dict[str, list[int]] = {}
            for w in ("yes", "Yes", " yes", " Yes", "YES", "no", "No", " no", " No", "NO"):
                ids = llama.tokenize(w.encode(), add_bos=False, special=False)
                if len(ids) == 1:
                    found.setdefault(w, []).append(ids[0])
            self._yes_no = found
        return self._yes_no

    def health(self) -> None:
        if not self.model_path.is_file():
            raise LLMUnavailable(f"model file missing: {self.model_path} (run `make setup`)")


class OllamaLLM(BaseLLM):
    """An Ollama server through the official ``ollama`` client (``/api/chat``)."""

    judges = True

    def __init__(self, url: str, model: str, timeout: float) -> None:
        import ollama

        self.name = f"ollama:{model}"
        self.model = model
        self.url = url
        self.timeout = timeout
        self._client = ollama.Client(host=url, timeout=timeout)

    def _options(self, max_tokens: int, temperature: float) -> dict[str, Any]:
        return {"temperature": temperature, "num_predict": max_tokens, "seed": 0}

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]:
        with self._errors():
            parts = self._client.chat(
                model=self.model,
                messages=list(messages),
                stream=True,
                options=self._options(max_tokens, temperature),
            )
            for piece in within(
                (p["message"]["content"] for p in parts), self.timeout, f"Ollama at {self.url}"
            ):
                if piece:
                    yield piece

    def complete(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> str:
        with self._errors():
            response = self._client.chat(
                model=self.model,
                messages=list(messages),
                stream=False,
                options=self._options(max_tokens, temperature),
            )
            return str(response["message"]["content"])

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        with self._errors():
            response = self._client.chat(
                model=self.model,
                messages=list(messages),
                stream=False,
                options=self._options(1, 0.0),
                logprobs=True,
                top_logprobs=20,
            )
        positions = response.get("logprobs") or []
        if not positions:
            return None
        first = positions[0]
        return yes_share(
            [(a["token"], a["logprob"]) for a in first.get("top_logprobs") or []]
            or [(first["token"], first["logprob"])]
        )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import httpx
        import ollama

        try:
            yield
        except (httpx.HTTPError, ConnectionError) as exc:
            raise LLMUnavailable(f"Ollama at {self.url} is not answering: {exc}") from exc
        except ollama.ResponseError as exc:
            raise LLMUnavailable(f"Ollama at {self.url} refused: {exc.error}") from exc

    def health(self) -> None:
        with self._errors():
            self._client.list()


class OpenAICompatibleLLM(BaseLLM):
    """Any server speaking OpenAI's ``/v1/chat/completions`` (llama-server, vLLM, Ollama's /v1)."""

    judges = True

    def __init__(self, base_url: str, model: str, api_key: str, timeout: float) -> None:
        import openai

        self.name = f"openai:{model}"
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0)

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]:
        import openai

        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=list(messages),  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
                seed=0,
                stream=True,
            )
            for chunk in within(iter(response), self.timeout, f"the server at {self.base_url}"):
                choices = getattr(chunk, "choices", None)  # the client's typing also allows raw tuples
                if choices and choices[0].delta.content:
                    yield choices[0].delta.content
        except (openai.APIConnectionError, openai.APITimeoutError, openai.APIStatusError) as exc:
            raise LLMUnavailable(f"OpenAI-compatible server at {self.base_url} failed: {exc}") from exc

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        import openai

        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=list(messages),  # type: ignore[arg-type]
                max_tokens=1,
                temperature=0.0,
                seed=0,
                logprobs=True,
                top_logprobs=20,
            )
        except (openai.APIConnectionError, openai.APITimeoutError, openai.APIStatusError) as exc:
            raise LLMUnavailable(f"OpenAI-compatible server at {self.base_url} failed: {exc}") from exc
        logprobs = response.choices[0].logprobs if response.choices else None
        if logprobs is None or not logprobs.content:
            return None
        first = logprobs.content[0]
        return yes_share([(t.token, t.logprob) for t in first.top_logprobs] or [(first.token, first.logprob)])

    def health(self) -> None:
        import openai

        try:
            self._client.models.list()
        except (openai.APIConnectionError, openai.APITimeoutError, openai.APIStatusError) as exc:
            raise LLMUnavailable(f"OpenAI-compatible server at {self.base_url} failed: {exc}") from exc


class ScriptedLLM(BaseLLM):
    """A deterministic stand-in for unit tests of parsing and control flow.

    Replies come from ``replies`` in order (the last one repeats); each reply is
    streamed word by word. The messages it was given are kept in ``calls``.
    """

    def __init__(
        self, replies: Sequence[str], judge: Callable[[Sequence[Message]], float | None] | None = None
    ) -> None:
        self.name = "scripted"
        self.replies = list(replies)
        self.calls: list[list[Message]] = []
        self.judge = judge  # the second opinion's P(yes), when a test scripts one
        self.judges = judge is not None
        self.judged: list[list[Message]] = []

    def stream(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> Iterator[str]:
        self.calls.append(list(messages))
        reply = self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]
        words = reply.split(" ")
        for i, word in enumerate(words):
            yield word if i == len(words) - 1 else word + " "

    def health(self) -> None:
        return None

    def yes_probability(self, messages: Sequence[Message]) -> float | None:
        if self.judge is None:
            return None
        self.judged.append(list(messages))
        return self.judge(messages)


def create_llm(settings: Settings) -> LLM:
    """The registry: the backend named in settings, imported only when chosen."""
    if settings.llm_backend == "llama_cpp":
        from rag.models import ModelMissing, require_model

        try:
            path = require_model(settings.model_cache_dir, settings.local_model)
        except ModelMissing as exc:
            raise LLMUnavailable(str(exc)) from exc
        return LlamaCppLLM(
            path,
            n_ctx=settings.llm_context,
            n_threads=settings.llm_threads,
            timeout=settings.llm_timeout_s,
            max_waiting=settings.llm_max_waiting,
            state_dir=settings.model_cache_dir / "prompt-states" if settings.llm_keep_prompts else None,
        )
    if settings.llm_backend == "ollama":
        return OllamaLLM(settings.ollama_url, settings.ollama_model, settings.llm_timeout_s)
    return OpenAICompatibleLLM(
        settings.openai_base_url,
        settings.openai_model,
        settings.openai_api_key.get_secret_value(),
        settings.llm_timeout_s,
    )
