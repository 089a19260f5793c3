WHERE = 'namespace package portion'
