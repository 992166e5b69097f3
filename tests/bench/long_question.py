"""What a 2,000-character question costs against a short one (in-process `Assistant.ask`, extractive)."""
import itertools

from tests.bench.report import Section, fmt_p, median, timed_ms

# A trainee's story before the question, in words of its own (not the guides'): the longest message a client may send.
STORY = ("I moved to a new city this summer for my third year of medical school, and my partner started a new job "
         "downtown. We adopted a dog from the shelter in August, our apartment is small but close to the hospital, "
         "and I bike to the wards most mornings when it is not raining. On weekends I cook for the week, call my "
         "parents and try to read a little about the patients I saw. ")
LIMIT = 2000
RATIO_TARGET = 5.0


def long_version(question: str) -> str:
    """The question after as much of the story as fits in LIMIT characters."""
    room = LIMIT - len(question) - 1
    return ((STORY * (room // len(STORY) + 1))[:room].rsplit(" ", 1)[0] + " " + question)[:LIMIT]


def run(section: Section, services, queries: list[str], *, samples: int) -> None:
    """Each question timed as asked and after the story, one right after the other, so both see the same load."""
    assistant = services.assistant
    pairs = list(itertools.islice(itertools.cycle(queries), samples))
    for question in pairs[:3]:  # warm-up
        assistant.ask(long_version(question))
    short, long = [], []
    for question in pairs:
        short += timed_ms(lambda: assistant.ask(question), samples=1, warmup=0)
        long += timed_ms(lambda: assistant.ask(long_version(question)), samples=1, warmup=0)
    ratio = median(long) / median(short)
    section.add("chat in-process, question as asked", fmt_p(short), samples)
    section.add(f"chat in-process, the same after a story ({LIMIT:,} characters)", fmt_p(long), samples)
    section.add("2,000-character question / short one (p50)", f"{ratio:.1f}×", samples,
                target=f"≤ {RATIO_TARGET:.0f}×", met=ratio <= RATIO_TARGET)
