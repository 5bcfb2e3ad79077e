"""The examples found alike, kept from one diagnostic to the next (diagnose.alike.AlikeTexts):
the same pairs as comparing every example with every other, whether the texts are all new,
a few of them changed, or read back from the signed file of an earlier build."""

from __future__ import annotations

import base64
import json
import random
import shutil
from dataclasses import replace

import pytest

from generator.core.signed import read_signed, write_signed
from generator.diagnose import alike as alike_module
from generator.diagnose.alike import NEW_SHARE_SEARCHED_IN_FULL, AlikeTexts
from generator.diagnose.wording import (
    PARROT_CANDIDATE_OVERLAP,
    Example,
    comparable,
    example,
    same_text,
)

from .test_lookalikes import _pair_set, generated_ideas


def reference(examples: list[Example]) -> list[tuple[int, ...]]:
    """Every other example that reads as the same text, by comparing every pair in full."""
    sets = [_pair_set(one) for one in examples]

    def alike(i: int, j: int) -> bool:
        a, b = examples[i], examples[j]
        if (a.lang, a.text) == (b.lang, b.text):
            return True
        shared = len(sets[i] & sets[j])
        return (comparable(a, b) and shared / (len(sets[i]) + len(sets[j]) - shared)
                >= PARROT_CANDIDATE_OVERLAP and same_text(a, b))

    return [tuple(j for j in range(len(examples)) if j != i and alike(i, j))
            for i in range(len(examples))]


def fresh(examples: list[Example]) -> list[Example]:
    # New objects, as a new build reads them: nothing computed on them yet.
    return [replace(one) for one in examples]


def words_read(examples: list[Example]) -> int:
    return sum("words" in vars(one) for one in examples)


def edited(rng: random.Random, examples: list[Example], count: int) -> list[Example]:
    """`count` edits: a text changed, copied from another, removed, or a new one added."""
    examples = list(examples)
    for serial in range(count):
        at = rng.randrange(len(examples))
        kind = rng.random()
        if kind < 0.4:
            words = examples[at].text.split()
            words[rng.randrange(len(words))] = f"changed{serial}" if words else "x"
            examples[at] = replace(examples[at], text=" ".join(words) or "x")
        elif kind < 0.6:
            examples[at] = replace(examples[at], text=rng.choice(examples).text)
        elif kind < 0.8:
            del examples[at]
        else:
            examples.insert(at, replace(rng.choice(examples), kit_id=f"new-{serial}"))
    return examples


@pytest.fixture(scope="module")
def generated() -> list[Example]:
    examples = [one for group in generated_ideas(5, 250) for one in group]
    assert sum(map(bool, reference(examples))) >= 50  # look-alikes, and many
    return examples


def test_a_first_search_finds_what_comparing_every_pair_finds(generated):
    assert AlikeTexts().alike(generated) == reference(generated)


# Of about 400 texts: up to 20 edits compare the new texts one by one; 160 edits make more
# than a tenth of the texts new, and the whole search runs.
@pytest.mark.parametrize("edits", [1, 5, 20, int(4 * NEW_SHARE_SEARCHED_IN_FULL * 400)])
def test_a_search_after_edits_finds_what_a_first_search_finds(generated, edits):
    rng = random.Random(edits)
    texts = AlikeTexts()
    texts.alike(generated)
    examples = generated
    for _ in range(3):  # edits upon edits: what each search keeps is right for the next
        examples = edited(rng, examples, edits)
        assert texts.alike(fresh(examples)) == reference(examples)


def test_only_new_texts_are_read_again(generated, tmp_path):
    path = tmp_path / "alike.signed"
    first = AlikeTexts(path)
    first.alike(generated)
    first.save()

    changed = list(generated)
    changed[7] = replace(changed[7], text="Une phrase toute neuve, jamais dite ailleurs.")
    examples = fresh(changed)
    found = AlikeTexts(path).alike(examples)  # another build: the file read back
    assert found == reference(changed)
    # The new text's words, and those of the few texts that share enough with it to be
    # compared in full; not the others'.
    assert "words" in vars(examples[7])
    assert words_read(examples) <= 3

    unchanged = fresh(generated)
    AlikeTexts(path).alike(unchanged)
    assert words_read(unchanged) == 0


def test_nothing_is_written_when_nothing_changed(generated, tmp_path):
    path = tmp_path / "alike.signed"
    texts = AlikeTexts(path)
    texts.alike(generated)
    texts.save()
    before = path.stat().st_mtime_ns
    again = AlikeTexts(path)
    again.alike(fresh(generated))
    again.save()
    assert path.stat().st_mtime_ns == before

    fewer = AlikeTexts(path)
    fewer.alike(fresh(generated[1:]))  # a text gone: the file drops it
    fewer.save()
    kept = read_signed(path, alike_module._kind())
    assert len(kept["texts"]) == len({(one.lang, one.text) for one in generated[1:]})
    assert {other for alike in kept["alike"].values() for other in alike} <= set(kept["texts"])


def test_texts_that_differ_one_way_round_read_alike_both_ways():
    # difflib's ratio: 0.86 one way round, 0.71 the other.
    a = example("a", 0, None, "a b d a d a")
    b = example("b", 0, None, "a b d d a d d a")
    assert same_text(a, b) and same_text(b, a)
    assert AlikeTexts().alike([a, b]) == AlikeTexts().alike([b, a]) == [(1,), (0,)]


def _planted(path, kind: str, value) -> None:
    write_signed(path, kind, value)


@pytest.mark.parametrize("how", ["unsigned", "other kind", "pairs cut short", "bad size",
                                 "not a list"])
def test_a_planted_or_broken_file_is_ignored(generated, tmp_path, how):
    path = tmp_path / "alike.signed"
    kept = AlikeTexts(path)
    kept.alike(generated)
    kept.save()
    value = read_signed(path, alike_module._kind())
    # What a planted file would claim: every text alike to the first one.
    first_key, *others = value["texts"]
    value["alike"] = {first_key: others} | {key: [first_key] for key in others}
    if how == "unsigned":
        path.write_bytes(b"\0" * 32 + json.dumps(value).encode())
    elif how == "other kind":
        _planted(path, "alike-texts of another tool", value)
    elif how == "pairs cut short":
        value["pairs"] = base64.b64encode(base64.b64decode(value["pairs"])[:-1]).decode()
        _planted(path, alike_module._kind(), value)
    elif how == "bad size":
        value["sizes"][1] += value["sizes"][0] + 1  # the same sum, the first one negative
        value["sizes"][0] = -1
        _planted(path, alike_module._kind(), value)
    else:
        value["alike"][first_key] = {"texts": others}
        _planted(path, alike_module._kind(), value)
    examples = fresh(generated)
    assert AlikeTexts(path).alike(examples) == reference(generated)
    # Searched again from the texts: each one read, once.
    assert words_read(examples) == len({(one.lang, one.text) for one in examples})


def test_the_claims_of_a_signed_file_are_what_is_used(generated, tmp_path):
    # The counterpart of the test above: a file that passes its checks is believed, so the
    # checks are what keeps a planted file out.
    path = tmp_path / "alike.signed"
    kept = AlikeTexts(path)
    kept.alike(generated)
    kept.save()
    value = read_signed(path, alike_module._kind())
    keys = value["texts"]
    value["alike"] |= {keys[0]: [keys[1]], keys[1]: [keys[0]]}
    _planted(path, alike_module._kind(), value)
    assert reference(generated)[0][:1] != (1,)
    assert AlikeTexts(path).alike(fresh(generated))[0][:1] == (1,)


def test_builds_find_a_look_alike_made_and_unmade_by_one_edit(tmp_path, monkeypatch):
    # The kept look-alikes through whole builds: the edit that copies an example, then the
    # edit that undoes it, each seen by the build after it on the diagnostic page.
    from generator.build.pipeline import ALIKE_FILE, build_handbook

    from .test_findings import HEALTHY, page, programme

    monkeypatch.chdir(tmp_path)
    copied = programme(tmp_path / "copied", "pitfall/parrot-examples") / "kits"
    org = tmp_path / "org"
    shutil.copytree(HEALTHY, org)
    original = (org / "kits" / "leader-vision.yml").read_text(encoding="utf-8")
    site = tmp_path / "site"

    def parrots() -> list[str]:
        build_handbook(org, site)
        article = page(site / "steering" / "diagnostic.html").select_one("article")
        return [item.get_text() for item in article.select("li")
                if "pitfall/parrot-examples" in item.get_text()]

    assert parrots() == []
    assert (tmp_path / ".handbook-cache" / "site" / ALIKE_FILE).is_file()
    shutil.copy(copied / "leader-vision.yml", org / "kits" / "leader-vision.yml")
    found = parrots()
    assert len(found) == 1 and "kits/day-in-my-life.yml" in found[0]
    (org / "kits" / "leader-vision.yml").write_text(original, encoding="utf-8")
    assert parrots() == []
