"""Builds eval/data/claims.jsonl: hand-written (claim, span) pairs, spans located in the files.

Run once after editing the lists below; the labels were checked by hand against each passage.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
F0, F1, F2, F3, F4 = (
    "000_8a9734760c86cf60.txt",
    "001_98a077d4f102de21.txt",
    "002_625cb21f183bcfbb.txt",
    "003_720a6b9c76bcb648.txt",
    "004_fe0d15e1fe376c9e.txt",
)
P = {
    1: (
        F4,
        "Overnight, Russian forces launched a massive drone assault on Ukraine, with 137 drones targeting infrastructure across the country.",
    ),
    2: (F4, "The Russian Defense Ministry reported intercepting 46 Ukrainian drones."),
    3: (
        F4,
        "Meanwhile, Russian officials claimed that six people were injured in Ukrainian drone strikes on the border regions of Belgorod and Kursk.",
    ),
    4: (
        F4,
        "Ukraine’s Air Force reported power outages and a fire at a school in Kyiv following a drone crash.",
    ),
    5: (
        F4,
        "The phone call, which took place between 2:00 p.m. and 4:00 p.m. CET, was part of ongoing diplomatic efforts to de-escalate the war.",
    ),
    6: (
        F4,
        "Putin has insisted that Ukraine must formally abandon its NATO ambitions and agree to cede five occupied territories before a broader ceasefire can be considered.",
    ),
    7: (
        F4,
        "His Foreign Minister, Andriy Sybiha, urged Putin to accept the U.S. proposal without conditions, stating, “It’s time for Russia to show whether it truly wants peace.”",
    ),
    8: (F3, "EU High Representative Kaja Kallas, accused President Trump of appeasing Russia."),
    9: (
        F3,
        "During a telephone conversation on 12 February 2025, President Trump and President Putin agreed to reset US-Russian relations and re-establish dialogue on “topics of mutual interest”, including the possible settlement of the Ukraine conflict.",
    ),
    10: (
        F3,
        "The first round of bilateral talks took place in Saudi Arabia on 18 February 2025 and was the first meeting between US and Russian officials in over three years.",
    ),
    11: (
        F3,
        "After talks concluded, however, Russia outlined its demands for sanctions relief, which it said would be a prerequisite for any maritime ceasefire in the Black Sea to take effect.",
    ),
    12: (
        F3,
        "On 26 March a European Commission spokesperson said sanctions would not be lifted until Russia unconditionally withdraws its military forces from the entire territory of Ukraine.",
    ),
    13: (
        F3,
        "In early March 2025, the US temporarily suspended military assistance to, and intelligence sharing with Ukraine, accusing Ukraine of a lack of commitment to “any sort of peace process”.",
    ),
    14: (F3, "The US Department of Defense has also suspended offensive cyber operations against Russia."),
    15: (
        F3,
        "President Putin did not agree to the full ceasefire proposed by the US, although he did agree to an interim proposal to halt strikes against energy infrastructure for a period of 30 days and to begin negotiations on a full ceasefire.",
    ),
    16: (F3, "Russia has also categorically rejected the deployment of European peacekeepers in Ukraine."),
    17: (F3, "The UK and the EU have also continued to adopt sanctions against Russia."),
    18: (
        F2,
        "Putin launched a full-scale invasion of Ukraine in 2022 and currently controls approximately a fifth of its territory.",
    ),
    19: (
        F2,
        'Klitschko expressed his views during a discussion on ceasefire options on the BBC, stating that "one of the scenarios is to give up territory."',
    ),
    20: (
        F2,
        "Serhiy Leshchenko, an adviser in Zelenskyy's office, criticized Klitschko's comments, labeling them \"counterproductive.\"",
    ),
    21: (
        F2,
        'Trump\'s call for direct negotiations came the same day he was quoted in an interview with Time, stating that "Crimea will stay with Russia."',
    ),
    22: (
        F2,
        "Zelenskyy, on the other hand, posted on an unspecified platform on April 25, 2025, that the proposed ceasefire, which had been agreed upon 45 days prior, faced opposition from Russia.",
    ),
    23: (
        F2,
        "The sticking points have proven difficult to overcome, with Trump, who once promised he could end the war in 24 hours, eager to secure a deal, particularly as he marks his first 100 days in office next week.",
    ),
    24: (
        F1,
        "U.S. President Donald Trump will engage in a phone call with Russian President Vladimir Putin on Tuesday, aiming to advance a 30-day ceasefire deal in Ukraine as the conflict enters its fourth year.",
    ),
    25: (
        F1,
        "Trump’s special envoy, Steve Witkoff, who recently met with Putin in Moscow, has framed the ongoing negotiations as a significant opportunity for diplomatic progress.",
    ),
    26: (
        F1,
        "As talks progress, Witkoff emphasized the critical need to address the thorny issue of territorial sovereignty, particularly regarding Crimea and the four mainland regions claimed by Russia.",
    ),
    27: (
        F0,
        "This push was highlighted during talks on April 17, 2025, in Paris, where American and European representatives convened to develop a strategy for swiftly halting hostilities and establishing a framework for sustainable peace.",
    ),
    28: (
        F0,
        "In February 2025, the White House had set an ambitious goal for a ceasefire by Easter, April 20.",
    ),
    29: (
        F0,
        "Zelensky is demanding long-term security guarantees in any agreement, including the deployment of peacekeeping forces, a stance supported by France and Britain.",
    ),
    30: (
        F0,
        "He highlighted that the negotiation process is hindered by the positions of Kyiv and certain European countries, which he labeled as “war hawks” advocating for continued military action.",
    ),
    31: (F3, "The US has said it will not deploy troops to Ukraine as part of any security guarantee."),
    32: (
        F2,
        'Russian Foreign Minister Sergey Lavrov, meanwhile, stated that the Kremlin is "ready to reach a deal" but that some details need to be "fine-tuned."',
    ),
    33: (
        F4,
        "Additionally, Moscow is making its decision contingent on the situation in the Russian border region of Kursk, which Ukraine partially occupied during a summer offensive last year.",
    ),
    34: (
        F3,
        "In a televised press conference on 13 March, however, President Putin said that while Russia supported the US ceasefire proposal, there were issues, or “nuances”, that needed to be discussed first.",
    ),
}
SUPPORTED = [
    (1, "Russia sent 137 drones against Ukrainian infrastructure overnight."),
    (2, "Russia's Defense Ministry said it intercepted 46 drones launched by Ukraine."),
    (
        3,
        "According to Russian officials, Ukrainian drone strikes injured six people in the Belgorod and Kursk border regions.",
    ),
    (
        4,
        "A drone crash in Kyiv was followed by power outages and a school fire, according to Ukraine's Air Force.",
    ),
    (5, "The call lasted from 2:00 p.m. to 4:00 p.m. CET."),
    (
        6,
        "Putin demands that Ukraine give up its NATO ambitions and cede five occupied territories before a wider ceasefire.",
    ),
    (7, "Andriy Sybiha called on Putin to accept the U.S. proposal without conditions."),
    (8, "Kaja Kallas accused Trump of appeasing Russia."),
    (9, "Trump and Putin agreed on 12 February 2025 to reset relations between the US and Russia."),
    (10, "The first bilateral talks were held in Saudi Arabia on February 18, 2025."),
    (11, "Russia said sanctions relief was a prerequisite for a maritime ceasefire in the Black Sea."),
    (
        12,
        "A European Commission spokesperson said sanctions would stay until Russia withdraws its forces from the entire territory of Ukraine.",
    ),
    (13, "In early March 2025 the US temporarily halted military aid and intelligence sharing with Ukraine."),
    (14, "The US defence department suspended offensive cyber operations against Russia."),
    (15, "Putin agreed to a 30-day halt on strikes against energy infrastructure."),
    (16, "Russia categorically rejected deploying European peacekeepers in Ukraine."),
    (17, "The UK and the EU kept adopting sanctions against Russia."),
    (18, "Russia controls about a fifth of Ukraine's territory."),
    (19, 'On the BBC, Klitschko said that "one of the scenarios is to give up territory."'),
    (20, 'Leshchenko called Klitschko\'s comments "counterproductive."'),
    (21, 'Trump told Time that "Crimea will stay with Russia."'),
    (
        22,
        "On April 25, 2025, Zelenskyy said the ceasefire agreed 45 days earlier faced opposition from Russia.",
    ),
    (23, "Trump once promised he could end the war in 24 hours."),
    (24, "Trump was to hold a phone call with Putin on Tuesday to advance a 30-day ceasefire deal."),
    (25, "Steve Witkoff recently met with Putin in Moscow."),
    (26, "Witkoff stressed the need to address Crimea and the four mainland regions claimed by Russia."),
    (27, "American and European representatives met in Paris on April 17, 2025."),
    (28, "The White House aimed for a ceasefire by Easter, April 20."),
    (
        29,
        "France and Britain support Zelensky's demand for security guarantees including peacekeeping forces.",
    ),
    (30, "Peskov labeled Kyiv and certain European countries “war hawks”."),
    (31, "The US said it would not deploy troops to Ukraine as part of a security guarantee."),
    (32, 'Lavrov said the Kremlin is "ready to reach a deal".'),
    (33, "Moscow's decision is contingent on the situation in the Kursk region."),
    (
        34,
        "On 13 March Putin said Russia supported the US ceasefire proposal but that nuances needed to be discussed.",
    ),
    (1, "Russian forces carried out a massive drone assault on Ukraine overnight."),
    (11, "After the talks, Russia demanded sanctions relief."),
    (9, "On February 12th, 2025, the two presidents agreed to re-establish dialogue."),
    (18, "Putin launched the full-scale invasion of Ukraine in 2022."),
    (6, "Putin insists Ukraine must abandon its NATO ambitions."),
    (15, "Putin agreed to begin negotiations on a full ceasefire."),
    (3, "Six people were injured in the Belgorod and Kursk regions, Russian officials said."),
    (22, "Zelenskyy wrote that the proposed ceasefire faced opposition from Russia."),
]
UNSUPPORTED = [
    (1, "number", "Russian forces launched 46 drones at Ukraine overnight."),
    (2, "number", "The Russian Defense Ministry said it intercepted 137 Ukrainian drones."),
    (
        3,
        "number",
        "Russian officials said nine people were injured in Ukrainian drone strikes on Belgorod and Kursk.",
    ),
    (6, "number", "Putin insists that Ukraine cede four occupied territories before a broader ceasefire."),
    (15, "number", "Putin agreed to halt strikes on energy infrastructure for 60 days."),
    (18, "number", "Russia controls about a third of Ukraine's territory."),
    (23, "number", "Trump once promised he could end the war in 48 hours."),
    (22, "number", "Zelenskyy said the ceasefire had been agreed 30 days earlier."),
    (9, "date", "Trump and Putin agreed to reset US-Russian relations in a call on 18 February 2025."),
    (10, "date", "The first round of bilateral talks took place in Saudi Arabia on 12 February 2025."),
    (27, "date", "American and European representatives met in Paris on April 20, 2025."),
    (28, "date", "The White House set a goal of a ceasefire by Easter, April 17."),
    (
        12,
        "date",
        "On 28 March a European Commission spokesperson said sanctions would not be lifted until Russia withdraws from Ukraine.",
    ),
    (13, "date", "In early April 2025 the US temporarily suspended military assistance to Ukraine."),
    (8, "person", "Ursula von der Leyen accused President Trump of appeasing Russia."),
    (20, "person", 'Andriy Yermak called Klitschko\'s comments "counterproductive."'),
    (21, "person", 'Zelenskyy told Time that "Crimea will stay with Russia."'),
    (7, "person", "Dmitry Peskov urged Putin to accept the U.S. proposal without conditions."),
    (32, "person", 'Sergey Ryabkov said the Kremlin is "ready to reach a deal".'),
    (19, "person", 'Zelenskyy said on the BBC that "one of the scenarios is to give up territory."'),
    (25, "person", "Keir Starmer recently met with Putin in Moscow."),
    (10, "place", "The first round of bilateral talks took place in Turkey on 18 February 2025."),
    (27, "place", "American and European representatives met in Berlin on April 17, 2025."),
    (4, "place", "Ukraine's Air Force reported a fire at a school in Odesa following a drone crash."),
    (3, "place", "Russian officials said six people were injured in drone strikes on Belgorod and Bryansk."),
    (25, "place", "Witkoff recently met with Putin in St Petersburg."),
    (11, "place", "Russia demanded sanctions relief before any maritime ceasefire in the Baltic Sea."),
    (15, "negation", "Putin agreed to the full ceasefire proposed by the US."),
    (31, "negation", "The US said it will deploy troops to Ukraine as part of a security guarantee."),
    (16, "negation", "Russia has accepted the deployment of European peacekeepers in Ukraine."),
    (
        12,
        "negation",
        "A European Commission spokesperson said sanctions would be lifted before Russia withdraws its forces.",
    ),
    (
        14,
        "negation",
        "The US Department of Defense has not suspended offensive cyber operations against Russia.",
    ),
    (8, "negation", "Kaja Kallas praised President Trump's approach to Russia."),
    (1, "added_detail", "Russian forces launched 137 drones at Ukraine overnight, killing twelve civilians."),
    (
        5,
        "added_detail",
        "The phone call took place between 2:00 p.m. and 4:00 p.m. CET and ended with a signed peace agreement.",
    ),
    (8, "added_detail", "Kaja Kallas accused President Trump of appeasing Russia in a speech in Brussels."),
    (25, "added_detail", "Witkoff met with Putin in Moscow for five hours."),
    (17, "added_detail", "The UK and the EU adopted new sanctions against Russian oil exports."),
    (
        29,
        "added_detail",
        "Zelensky is demanding security guarantees, a stance supported by France, Britain and Germany.",
    ),
    (11, "other_event", "After the Paris talks, Russia demanded the return of its frozen assets."),
    (2, "other_event", "The Ukrainian Air Force reported intercepting 46 Russian missiles."),
    (9, "other_event", "Trump and Putin met in person in Helsinki in February 2025."),
    (21, "other_event", "Trump told Time that Ukraine will join NATO."),
    (10, "other_event", "The first round of talks between Ukraine and Russia took place in Istanbul."),
    (24, "other_event", "Trump held a video call with Xi Jinping on Tuesday about trade."),
]


def main() -> None:
    rows = []
    for n, (pid, claim) in enumerate(SUPPORTED, 1):
        rows.append((f"s{n:02d}", pid, claim, True, "paraphrase"))
    for n, (pid, kind, claim) in enumerate(UNSUPPORTED, 1):
        rows.append((f"u{n:02d}", pid, claim, False, kind))
    out = []
    for cid, pid, claim, label, kind in rows:
        source, passage = P[pid]
        text = (ROOT / "corpus" / source).read_text(encoding="utf-8")
        start = text.index(passage)
        out.append(
            json.dumps(
                {
                    "id": cid,
                    "claim": claim,
                    "source": source,
                    "start": start,
                    "end": start + len(passage),
                    "supported": label,
                    "kind": kind,
                },
                ensure_ascii=False,
            )
        )
    (ROOT / "eval" / "data" / "claims.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(out)} claims written")


if __name__ == "__main__":
    main()
