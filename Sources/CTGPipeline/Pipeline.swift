import CTGModel
import CTGExtract
import CTGNormalise
import CTGSegment
import CTGEmit
