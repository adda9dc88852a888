import AidExtraction
import AidLedger
print("bench: skeleton")
