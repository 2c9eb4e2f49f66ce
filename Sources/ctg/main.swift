import ArgumentParser
import CTGPipeline
print("ctg")
