"""Pure analytics over plan figures: growth rates, progress against targets, roll-ups, consistency audit."""
