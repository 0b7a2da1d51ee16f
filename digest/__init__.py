"""The NLP, as pure functions of text: sources read, articles processed, stories decided and summarised.

Reading sources into raw articles (`sources`), one article's processing (`pipeline`: cleaning,
normalisation, sentences, summaries, entities, term vectors, near-duplicate signatures), the story decision
(`story_core`, `same_event`) and story summaries, titles and names. No database and no Telegram: imports
neither `bot` nor `storage`.
"""
