"""Message catalogues, one module per language; `bot.i18n.t` reads them."""
