"""What every process shares and nothing else of the project's: settings, logging, the skills
taxonomy, the question bank, the view cache's keys, the LLM client and its daily budget."""
