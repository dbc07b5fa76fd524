"""The question bank: shipped questions, admin additions, selection for interviews."""
