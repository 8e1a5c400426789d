"""County content for the home screen: name days, holidays, news, calendar, offices."""
